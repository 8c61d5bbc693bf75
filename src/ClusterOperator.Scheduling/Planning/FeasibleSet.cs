namespace ClusterOperator.Scheduling.Planning;

/// <summary>The usable nodes of one GPU-type pool that satisfy one set of constraints: a bitset and a list.</summary>
internal sealed class FeasibleSet(ulong[] mask, int[] nodes)
{
    public ulong[] Mask { get; } = mask;

    /// <summary>Node indices in ascending order.</summary>
    public int[] Nodes { get; } = nodes;

    public bool Contains(int node) => (Mask[node >> 6] & (1UL << (node & 63))) != 0;
}
