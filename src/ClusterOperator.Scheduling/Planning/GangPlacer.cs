namespace ClusterOperator.Scheduling.Planning;

/// <summary>
/// Rule 6's placement of a gang of identical pods onto candidate nodes: all or nothing, on the fewest nodes;
/// among equally few, inside one NVLink domain, else one rack, else one zone; and best fit (the least
/// free GPUs left on the chosen nodes), so whole nodes stay free for large gangs.
/// </summary>
internal static class GangPlacer
{
    /// <param name="candidates">Distinct node indices.</param>
    /// <param name="available">GPUs each node offers this gang (indexed by node; may be negative).</param>
    /// <param name="pods">Pods to place.</param>
    /// <param name="gpus">GPUs per pod, at least 1.</param>
    /// <param name="nodes">For topology.</param>
    public static List<PodsOnNode>? Place(IReadOnlyList<int> candidates, int[] available, int pods, int gpus, NodeTable nodes)
    {
        var items = new List<Slot>(candidates.Count);
        long total = 0;
        foreach (var node in candidates)
        {
            var fits = Math.Min(Math.Max(0, available[node]) / gpus, pods);
            if (fits > 0)
            {
                items.Add(new Slot(node, fits, available[node]));
                total += fits;
            }
        }

        if (total < pods)
        {
            return null;
        }

        // Most pods first (fewest nodes); among equals the fuller node (best fit); then name order.
        items.Sort((a, b) => a.Pods != b.Pods ? b.Pods.CompareTo(a.Pods) : a.Available != b.Available ? a.Available.CompareTo(b.Available) : a.Node.CompareTo(b.Node));
        if (items[0].Pods >= pods)
        {
            return Select(items, pods, gpus).Placement;
        }

        var fewest = NodesNeeded(items, pods);
        foreach (var domain in new[] { nodes.NvLink, nodes.Rack, nodes.Zone })
        {
            (List<PodsOnNode> Placement, int Leftover)? best = null;
            foreach (var group in items.Where(s => domain[s.Node] >= 0).GroupBy(s => domain[s.Node]).OrderBy(g => g.Key))
            {
                var members = group.ToList();
                if (members.Sum(s => (long)s.Pods) < pods || NodesNeeded(members, pods) != fewest)
                {
                    continue;
                }

                var choice = Select(members, pods, gpus);
                if (best is null || choice.Leftover < best.Value.Leftover)
                {
                    best = choice;
                }
            }

            if (best is not null)
            {
                return best.Value.Placement;
            }
        }

        return Select(items, pods, gpus).Placement;
    }

    /// <summary>The fewest nodes that hold the gang: a prefix of the slots sorted by pods, descending.</summary>
    private static int NodesNeeded(List<Slot> sorted, int pods)
    {
        var count = 0;
        for (var remaining = pods; remaining > 0; count++)
        {
            remaining -= sorted[count].Pods;
        }

        return count;
    }

    /// <summary>
    /// Takes the largest slots until one slot can finish the gang, then finishes on the best-fitting such slot.
    /// That uses as few nodes as taking largest-first, and leaves the least free GPUs behind on the last node.
    /// </summary>
    private static (List<PodsOnNode> Placement, int Leftover) Select(List<Slot> sorted, int pods, int gpus)
    {
        var placement = new List<PodsOnNode>();
        var used = new bool[sorted.Count];
        var leftover = 0;
        var remaining = pods;
        while (remaining > 0)
        {
            var finisher = -1;
            for (var i = 0; i < sorted.Count; i++)
            {
                if (!used[i] && sorted[i].Pods >= remaining && (finisher < 0 || sorted[i].Available < sorted[finisher].Available))
                {
                    finisher = i;
                }
            }

            var take = finisher >= 0 ? finisher : Array.IndexOf(used, false);
            var count = Math.Min(remaining, sorted[take].Pods);
            used[take] = true;
            placement.Add(new PodsOnNode(sorted[take].Node, count));
            leftover += sorted[take].Available - (count * gpus);
            remaining -= count;
        }

        placement.Sort((a, b) => a.Node.CompareTo(b.Node));
        return (placement, leftover);
    }

    private readonly record struct Slot(int Node, int Pods, int Available);
}
