namespace ClusterOperator.Scheduling;

/// <summary>A pod of a workload that is bound to a node.</summary>
/// <param name="Index">Replica index, 0 ≤ index &lt; replicas.</param>
/// <param name="Node">Name of the node the pod is bound to.</param>
/// <param name="Terminating">The pod is being deleted; it holds its GPUs until it is gone.</param>
public sealed record BoundPod(int Index, string Node, bool Terminating = false);
