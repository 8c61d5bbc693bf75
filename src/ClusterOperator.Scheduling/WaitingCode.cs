namespace ClusterOperator.Scheduling;

/// <summary>Categories of <see cref="WaitingReason"/>.</summary>
public enum WaitingCode
{
    /// <summary>No matching node could ever hold it: constraints, GPU type or size.</summary>
    Unschedulable,

    /// <summary>Not enough free GPUs and the policy does not reclaim.</summary>
    InsufficientGpus,

    /// <summary>Its owner would exceed its fair share, so it only runs on free GPUs, and none fit.</summary>
    OverShare,

    /// <summary>Its owner would exceed its quota (policies that never borrow).</summary>
    QuotaExceeded,

    /// <summary>Within share: borrowed GPUs are being reclaimed and held for it.</summary>
    Reclaiming,

    /// <summary>Within share, but no borrowed work can be reclaimed where it would fit.</summary>
    NoReclaimableCapacity,

    /// <summary>Waited past the starvation threshold: nodes are reserved and drain for it.</summary>
    StarvationReserved,

    /// <summary>Pods of its previous attempt are still terminating.</summary>
    Terminating,
}
