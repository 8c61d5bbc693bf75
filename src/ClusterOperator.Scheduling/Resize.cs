namespace ClusterOperator.Scheduling;

/// <summary>An elastic run changes size.</summary>
/// <param name="WorkloadId">The elastic run.</param>
/// <param name="FromReplicas">Running replicas before this plan.</param>
/// <param name="ToReplicas">Replicas after this plan's binds and evictions.</param>
public sealed record Resize(string WorkloadId, int FromReplicas, int ToReplicas);
