namespace ClusterOperator.Scheduling.Planning;

/// <summary>
/// Rule 4 when free GPUs are fragmented: the pool has the beneficiary's GPUs free in total, but no node set
/// holds its gang, and no owner is far enough above its share to be reclaimed from. Runs on a few nodes then
/// move: they are evicted and free GPUs on other nodes are reserved for them, so every owner keeps what it
/// holds and only the beneficiary gains. A move needs no share test (its owner loses nothing) and only ever
/// fills GPUs that were free, so moves cannot form a loop.
/// </summary>
internal sealed class Defragmenter(PlanState state, VictimIndex victims)
{
    /// <summary>Nodes tried as the place to make room on, most room first.</summary>
    private const int TargetLimit = 64;

    private readonly int[] _spare = new int[state.Nodes.Count];
    private readonly Dictionary<int, int> _used = [];
    private readonly HashSet<int> _targets = [];
    private readonly List<int> _candidates = [];

    /// <summary>Chooses moves until the beneficiary fits; false (with the trial's units undone) if it cannot.</summary>
    public bool TryMove(ReclaimTrial s)
    {
        var w = s.Beneficiary;
        if (FreeInPool(w.Pool) < w.RequestGpus)
        {
            // Moves keep the GPUs in use constant, so the room must exist somewhere already.
            return false;
        }

        _used.Clear();
        _targets.Clear();
        var targets = new List<int>();
        foreach (var node in s.Set.Nodes)
        {
            if (s.Available(node) >= 0 && s.Available(node) < state.Nodes.Capacity[node])
            {
                targets.Add(node);
            }
        }

        targets.Sort((a, b) => s.Available(a) != s.Available(b) ? s.Available(b).CompareTo(s.Available(a)) : a.CompareTo(b));
        foreach (var target in targets.Take(TargetLimit))
        {
            if (_used.GetValueOrDefault(target) > 0)
            {
                continue;
            }

            _targets.Add(target);
            var podsBefore = s.Available(target) / w.Gpus;
            var moved = new List<VictimUnit>();
            foreach (var unit in Movable(s, target))
            {
                if (s.Fits)
                {
                    break;
                }

                if (Destination(unit.Workload) is { } destination)
                {
                    Move(s, unit, destination, +1);
                    moved.Add(unit);
                }
            }

            if (s.Fits)
            {
                return true;
            }

            if (s.Available(target) / w.Gpus == podsBefore)
            {
                // Moving these made no room for another pod here: keep them where they are.
                foreach (var unit in moved)
                {
                    Move(s, unit, s.Moves[unit], -1);
                }

                _targets.Remove(target);
            }
        }

        return false;
    }

    private int FreeInPool(int pool)
    {
        var free = 0;
        for (var node = 0; node < state.Nodes.Count; node++)
        {
            if (state.Nodes.Pool[node] == pool)
            {
                free += state.Nodes.Free[node];
            }
        }

        return free;
    }

    /// <summary>Whole, fixed-size, unprotected runs entirely on the node, most recently started first (the least work lost).</summary>
    private List<VictimUnit> Movable(ReclaimTrial s, int node)
    {
        var units = new List<VictimUnit>();
        foreach (var unit in victims.On(node))
        {
            var v = unit.Workload;
            if (unit.Replica is null && unit.Parts.Count == 1 && !v.IsElastic && v.Gpus > 0 && v.CanBeVictim && !state.IsProtected(v) && !s.IsChosen(unit))
            {
                units.Add(unit);
            }
        }

        units.Sort((a, b) =>
        {
            var c = (b.Workload.Source.StartTime ?? DateTimeOffset.MinValue).CompareTo(a.Workload.Source.StartTime ?? DateTimeOffset.MinValue);
            return c != 0 ? c : string.CompareOrdinal(a.Workload.Id, b.Workload.Id);
        });
        return units;
    }

    /// <summary>Free GPUs, away from the nodes being cleared, that hold the run's gang; null if none do.</summary>
    private List<PodsOnNode>? Destination(WorkloadState v)
    {
        _candidates.Clear();
        state.Nodes.Index.Collect(v.Gpus, state.Feasible(v, v.Pool).Mask, _candidates);
        _candidates.RemoveAll(_targets.Contains);
        foreach (var node in _candidates)
        {
            _spare[node] = state.Nodes.Free[node] - _used.GetValueOrDefault(node);
        }

        return GangPlacer.Place(_candidates, _spare, v.Running.Count, v.Gpus, state.Nodes);
    }

    /// <summary>Chooses (sign +1) or drops (−1) a move; its destination's GPUs are no longer on offer to the beneficiary.</summary>
    private void Move(ReclaimTrial s, VictimUnit unit, List<PodsOnNode> destination, int sign)
    {
        foreach (var (node, pods) in destination)
        {
            var gpus = pods * unit.Workload.Gpus;
            _used[node] = _used.GetValueOrDefault(node) + (sign * gpus);
            if (s.Set.Contains(node))
            {
                s.SetAvailable(node, s.Available(node) - (sign * gpus));
            }
        }

        if (sign > 0)
        {
            s.Add(unit);
            s.Moves[unit] = destination;
        }
        else
        {
            s.Undo(u => u == unit);
            s.Moves.Remove(unit);
        }
    }
}
