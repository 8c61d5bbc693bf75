namespace ClusterOperator.Simulation.Replay;

/// <summary>Where a job is in the replay.</summary>
internal enum JobPhase
{
    NotArrived,
    Pending,
    Running,

    /// <summary>Evicted: its pods hold their GPUs until the grace period ends, then it is pending again.</summary>
    Terminating,
    Done,
}
