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
        var items = Slots(candidates, available, pods, gpus, out var total);
        if (total < pods)
        {
            return null;
        }

        if (items[0].Pods >= pods)
        {
            return Select(items, pods, gpus).Placement;
        }

        var fewest = NodesNeeded(items, pods);
        foreach (var domain in nodes.Domains)
        {
            (List<PodsOnNode> Placement, int Leftover)? best = null;
            foreach (var (_, members) in Domains(items, domain, pods))
            {
                if (NodesNeeded(members, pods) != fewest)
                {
                    continue;
                }

                var choice = Select(members, pods, gpus);
                if (best is null || choice.Leftover < best.Value.Leftover)
                {
                    best = choice;
                }

                if (choice.Leftover == 0)
                {
                    break;
                }
            }

            if (best is not null)
            {
                return best.Value.Placement;
            }
        }

        return Select(items, pods, gpus).Placement;
    }

    /// <summary>
    /// The nodes that hold at least one pod, most pods first (fewest nodes), then the fuller node (best fit),
    /// then name order. A stable counting sort by pods over a list in (available, node) order: callers mostly
    /// pass the free-GPU index's output, which is in that order already, so this is linear.
    /// </summary>
    private static List<Slot> Slots(IReadOnlyList<int> candidates, int[] available, int pods, int gpus, out long total)
    {
        // Not sized to the candidates: on a busy cluster few of them hold a pod, and this runs once per attempt.
        var items = new List<Slot>();
        total = 0;
        var sorted = true;
        var most = 0;
        foreach (var node in candidates)
        {
            var fits = Math.Min(Math.Max(0, available[node]) / gpus, pods);
            if (fits > 0)
            {
                var slot = new Slot(node, fits, available[node]);
                sorted &= items.Count == 0 || ByAvailable(items[^1], slot) < 0;
                items.Add(slot);
                total += fits;
                most = Math.Max(most, fits);
            }
        }

        if (!sorted)
        {
            items.Sort(ByAvailable);
        }

        var counts = new int[most + 2];
        foreach (var slot in items)
        {
            counts[most - slot.Pods + 1]++;
        }

        for (var i = 1; i < counts.Length; i++)
        {
            counts[i] += counts[i - 1];
        }

        var result = new List<Slot>(items);
        foreach (var slot in items)
        {
            result[counts[most - slot.Pods]++] = slot;
        }

        return result;
    }

    private static int ByAvailable(Slot a, Slot b) => a.Available != b.Available ? a.Available.CompareTo(b.Available) : a.Node.CompareTo(b.Node);

    /// <summary>
    /// The slots of the domains that could hold the gang on their own (nodes without the label left out), in
    /// domain order, each group still sorted.
    /// </summary>
    private static List<(int Domain, List<Slot> Members)> Domains(List<Slot> items, int[] domain, int pods)
    {
        var capacity = new Dictionary<int, long>();
        foreach (var slot in items)
        {
            if (domain[slot.Node] is var id and >= 0)
            {
                capacity[id] = capacity.GetValueOrDefault(id) + slot.Pods;
            }
        }

        var groups = capacity.Where(c => c.Value >= pods).Select(c => c.Key).Order().ToDictionary(id => id, _ => new List<Slot>());
        foreach (var slot in items)
        {
            if (groups.TryGetValue(domain[slot.Node], out var members))
            {
                members.Add(slot);
            }
        }

        return [.. groups.Select(g => (g.Key, g.Value))];
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
