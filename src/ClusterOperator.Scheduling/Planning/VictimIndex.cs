namespace ClusterOperator.Scheduling.Planning;

/// <summary>
/// Reclaim candidates per owner and pool, built once per plan: elastic surplus replicas (highest index first)
/// and whole runs, each list ordered most recently started first, since evicting those loses the least work.
/// </summary>
internal sealed class VictimIndex
{
    private readonly Dictionary<(Owner Owner, int Pool), (VictimList Shrink, VictimList Whole)> _units = [];
    private readonly Dictionary<int, List<Owner>> _owners = [];
    private readonly List<VictimUnit>?[] _onNode;
    private readonly List<(Owner Owner, int Gpus)>?[] _gpusOn;
    private readonly HashSet<WorkloadState> _retired = [];

    public VictimIndex(PlanState state)
    {
        _onNode = new List<VictimUnit>?[state.Nodes.Count];
        _gpusOn = new List<(Owner Owner, int Gpus)>?[state.Nodes.Count];
        var candidates = state.Workloads.Where(w => w.CanBeVictim).ToList();
        candidates.Sort((a, b) =>
        {
            var c = (b.Source.StartTime ?? DateTimeOffset.MinValue).CompareTo(a.Source.StartTime ?? DateTimeOffset.MinValue);
            return c != 0 ? c : string.CompareOrdinal(a.Id, b.Id);
        });
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
                    Add(lists.Shrink, new VictimUnit(w, pod.Index, [(pod.Node, w.Gpus)]) { Rank = lists.Shrink.Count });
                }
            }

            var whole = new VictimUnit(w, null, PartsOf(w.Running, w.Gpus)) { Rank = lists.Whole.Count };
            Add(lists.Whole, whole);
            Charge(whole, +1);
        }

        foreach (var owners in _owners.Values)
        {
            owners.Sort((a, b) => a.Index.CompareTo(b.Index));
        }
    }

    /// <summary>GPUs on the node held by runs that can still be victims, per owner.</summary>
    public IReadOnlyList<(Owner Owner, int Gpus)> GpusOn(int node) => _gpusOn[node] ?? [];

    /// <summary>A run was evicted, shrunk or is waited for: its GPUs no longer count as reclaimable.</summary>
    public void Retire(WorkloadState workload)
    {
        if (_retired.Add(workload))
        {
            Charge(new VictimUnit(workload, null, PartsOf(workload.Running, workload.Gpus)), -1);
        }
    }

    /// <summary>The units with a part on the node.</summary>
    public IReadOnlyList<VictimUnit> On(int node) => _onNode[node] ?? [];

    public IReadOnlyList<Owner> OwnersIn(int pool) => _owners.TryGetValue(pool, out var owners) ? owners : [];

    public VictimList Units(Owner owner, int pool, bool shrink) =>
        _units.TryGetValue((owner, pool), out var lists) ? (shrink ? lists.Shrink : lists.Whole) : VictimList.Empty;

    private void Add(VictimList list, VictimUnit unit)
    {
        list.Add(unit);
        foreach (var (node, _) in unit.Parts)
        {
            (_onNode[node] ??= []).Add(unit);
        }
    }

    private void Charge(VictimUnit whole, int sign)
    {
        foreach (var (node, gpus) in whole.Parts)
        {
            var list = _gpusOn[node] ??= [];
            var at = list.FindIndex(e => e.Owner == whole.Workload.Owner);
            if (at < 0)
            {
                list.Add((whole.Workload.Owner, sign * gpus));
            }
            else
            {
                list[at] = (whole.Workload.Owner, list[at].Gpus + (sign * gpus));
            }
        }
    }

    private static List<(int Node, int Gpus)> PartsOf(IReadOnlyList<RunningPod> pods, int gpusPerPod) =>
        pods.Count == 1
            ? [(pods[0].Node, gpusPerPod)]
            : [.. pods.GroupBy(p => p.Node).OrderBy(g => g.Key).Select(g => (g.Key, g.Count() * gpusPerPod))];
}
