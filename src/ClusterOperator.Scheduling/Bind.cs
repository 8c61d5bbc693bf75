namespace ClusterOperator.Scheduling;

/// <summary>Bind pod <paramref name="PodIndex"/> of a workload to a node.</summary>
/// <param name="WorkloadId">The workload.</param>
/// <param name="PodIndex">Replica index.</param>
/// <param name="Node">Target node.</param>
public sealed record Bind(string WorkloadId, int PodIndex, string Node);
