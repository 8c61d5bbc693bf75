using System.Globalization;

namespace ClusterOperator.Simulation.Clusters;

/// <summary>The nodes a replay or benchmark runs on.</summary>
public sealed record ClusterSpec(IReadOnlyList<ClusterNodeSpec> Nodes)
{
    public int TotalGpus => Nodes.Sum(n => n.Gpus);

    /// <summary>A cluster of <paramref name="nodes"/> identical untyped nodes named node-0000, node-0001, ...</summary>
    public static ClusterSpec Uniform(int nodes, int gpusPerNode)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(nodes);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(gpusPerNode);
        var list = new ClusterNodeSpec[nodes];
        for (var i = 0; i < nodes; i++)
        {
            list[i] = new ClusterNodeSpec("node-" + i.ToString("D4", CultureInfo.InvariantCulture), gpusPerNode, null, null);
        }

        return new ClusterSpec(list);
    }
}
