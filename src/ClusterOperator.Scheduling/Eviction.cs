namespace ClusterOperator.Scheduling;

/// <summary>Delete pods of a running workload so that another can run.</summary>
/// <param name="WorkloadId">The victim.</param>
/// <param name="PodIndices">Pods to delete.</param>
/// <param name="WholeWorkload">True when the whole run goes back to pending; false for an elastic shrink.</param>
/// <param name="Reason">Rule 4 (within-share reclaim) or rule 7 (starvation).</param>
/// <param name="BeneficiaryId">The workload the GPUs are reclaimed for.</param>
/// <param name="BeneficiaryOwner">Its owner.</param>
/// <param name="GracePeriod">Time the pods get to checkpoint.</param>
/// <param name="Message">A sentence for the Preempted condition.</param>
public sealed record Eviction(
    string WorkloadId,
    IReadOnlyList<int> PodIndices,
    bool WholeWorkload,
    ReclaimReason Reason,
    string BeneficiaryId,
    string BeneficiaryOwner,
    TimeSpan GracePeriod,
    string Message);
