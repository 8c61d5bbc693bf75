namespace ClusterOperator.Simulation.Clusters;

/// <summary>One node of a simulated cluster.</summary>
/// <param name="Name">The node name, unique in the cluster.</param>
/// <param name="Gpus">Allocatable GPUs.</param>
/// <param name="GpuType">The node's GPU type, or null when untyped.</param>
/// <param name="Rack">The node's rack, used as its topology label, or null.</param>
public sealed record ClusterNodeSpec(string Name, int Gpus, string? GpuType, string? Rack);
