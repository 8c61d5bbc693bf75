namespace ClusterOperator.Scheduling;

/// <summary>
/// GPUs held for a pending workload while victims terminate or drain: nothing else is bound onto them.
/// Plan is level-based: pass the previous plan's reservations back in the next snapshot.
/// </summary>
/// <param name="BeneficiaryId">The workload the GPUs are held for.</param>
/// <param name="Owner">Its owner.</param>
/// <param name="Reason">Rule 4 or rule 7.</param>
/// <param name="Nodes">GPUs held per node.</param>
/// <param name="Since">When the reservation was first made.</param>
/// <param name="ExpectedBy">When the GPUs are expected to be free; null while waiting for runs to finish.</param>
public sealed record Reservation(
    string BeneficiaryId,
    string Owner,
    ReclaimReason Reason,
    IReadOnlyList<ReservedGpus> Nodes,
    DateTimeOffset Since,
    DateTimeOffset? ExpectedBy);
