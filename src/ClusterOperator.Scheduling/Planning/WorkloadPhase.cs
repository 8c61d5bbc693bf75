namespace ClusterOperator.Scheduling.Planning;

/// <summary>Where a workload stands at the start of a plan.</summary>
internal enum WorkloadPhase
{
    /// <summary>No pods bound.</summary>
    Pending,

    /// <summary>Some pods run but fewer than the gang (or elastic minimum) needs, and the missing ones can be bound.</summary>
    Incomplete,

    /// <summary>The gang (or at least the elastic minimum) runs.</summary>
    Running,

    /// <summary>Pods of a previous attempt are still terminating, so the gang cannot be completed yet.</summary>
    Terminating,
}
