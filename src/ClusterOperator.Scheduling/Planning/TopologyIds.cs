namespace ClusterOperator.Scheduling.Planning;

/// <summary>Topology label values as small integers per node (−1 = no label); equal ids mean a shared domain.</summary>
internal sealed class TopologyIds
{
    public TopologyIds(IReadOnlyList<Node> nodes)
    {
        NvLink = Ids(nodes, n => n.NvLinkDomain);
        Rack = Ids(nodes, n => n.Rack);
        Zone = Ids(nodes, n => n.Zone);
    }

    public int[] NvLink { get; }

    public int[] Rack { get; }

    public int[] Zone { get; }

    private static int[] Ids(IReadOnlyList<Node> nodes, Func<Node, string?> label)
    {
        var names = nodes.Select(label).OfType<string>().Where(v => v.Length > 0).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var ids = names.Select((name, id) => (name, id)).ToDictionary(p => p.name, p => p.id, StringComparer.Ordinal);
        return [.. nodes.Select(n => label(n) is { Length: > 0 } v ? ids[v] : -1)];
    }
}
