using ClusterOperator.Scheduling;

namespace ClusterOperator.Simulation.Clusters;

/// <summary>Turns a cluster description into the scheduling core's nodes.</summary>
public static class ClusterNodes
{
    public static IReadOnlyList<Node> ToNodes(this ClusterSpec cluster)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        return [.. cluster.Nodes.Select(n => new Node { Name = n.Name, Gpus = n.Gpus, GpuType = n.GpuType, Rack = n.Rack })];
    }
}
