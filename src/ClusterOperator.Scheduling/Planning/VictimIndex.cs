namespace ClusterOperator.Scheduling.Planning;

/// <summary>
/// Reclaim candidates per owner and pool, built once per plan: elastic surplus replicas (highest index first)
/// and whole runs, each list ordered most recently started first, since evicting those loses the least work.
/// </summary>
internal sealed class VictimIndex
{
    private readonly Dictionary<(Owner Owner, int Pool), (List<VictimUnit> Shrink, List<VictimUnit> Whole)> _units = [];
    private readonly Dictionary<int, List<Owner>> _owners = [];

    public VictimIndex(PlanState state)
    {
        var candidates = state.Workloads.Where(w => w.CanBeVictim)
            .OrderByDescending(w => w.Source.StartTime ?? DateTimeOffset.MinValue)
            .ThenBy(w => w.Id, StringComparer.Ordinal);
        foreach (var w in candidates)
        {
            if (!_units.TryGetValue((w.Owner, w.Pool), out var lists))
            {
                lists = ([], []);
                _units[(w.Owner, w.Pool)] = lists;
                if (!_owners.TryGetValue(w.Pool, out var owners))
                {
                    owners = [];
                    _owners[w.Pool] = owners;
                }

                owners.Add(w.Owner);
            }

            if (w.IsElastic)
            {
                foreach (var pod in w.Running.OrderByDescending(p => p.Index).Take(w.Running.Count - w.MinReplicas))
                {
                    lists.Shrink.Add(new VictimUnit(w, pod.Index, [(pod.Node, w.Gpus)]));
                }
            }

            lists.Whole.Add(new VictimUnit(w, null, PartsOf(w.Running.Select(p => p.Node), w.Gpus)));
        }

        foreach (var owners in _owners.Values)
        {
            owners.Sort((a, b) => a.Index.CompareTo(b.Index));
        }
    }

    public IReadOnlyList<Owner> OwnersIn(int pool) => _owners.TryGetValue(pool, out var owners) ? owners : [];

    public IReadOnlyList<VictimUnit> Units(Owner owner, int pool, bool shrink) =>
        _units.TryGetValue((owner, pool), out var lists) ? (shrink ? lists.Shrink : lists.Whole) : [];

    private static List<(int Node, int Gpus)> PartsOf(IEnumerable<int> nodes, int gpusPerPod) =>
        [.. nodes.GroupBy(n => n).OrderBy(g => g.Key).Select(g => (g.Key, g.Count() * gpusPerPod))];
}
