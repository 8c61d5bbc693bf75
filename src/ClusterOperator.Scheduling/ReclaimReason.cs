namespace ClusterOperator.Scheduling;

/// <summary>Why GPUs are reclaimed and reserved.</summary>
public enum ReclaimReason
{
    /// <summary>Rule 4: a workload within its owner's share reclaims borrowed GPUs.</summary>
    WithinShare,

    /// <summary>Rule 7: a run bigger than its share has waited past the starvation threshold.</summary>
    Starvation,
}
