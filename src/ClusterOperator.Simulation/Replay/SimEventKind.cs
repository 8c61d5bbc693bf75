namespace ClusterOperator.Simulation.Replay;

internal enum SimEventKind
{
    Arrival,
    Completion,

    /// <summary>An evicted job's pods are gone after their grace period.</summary>
    PodsGone,

    /// <summary>A time-based rule (MinRuntime expiry, starvation threshold, reservation) may take effect.</summary>
    Wake,
}
