namespace ClusterOperator.Scheduling;

/// <summary>GPUs held on one node.</summary>
/// <param name="Node">Node name.</param>
/// <param name="Gpus">GPUs held.</param>
public sealed record ReservedGpus(string Node, int Gpus);
