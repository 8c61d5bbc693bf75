namespace ClusterOperator.Scheduling.Planning;

/// <summary>
/// Rule 1: binds pending work into free GPUs, in queue order, in the same plan. Reserved GPUs are only
/// offered to their beneficiary. Failures are remembered per (constraints, pool, GPUs per pod): within a
/// pass free GPUs only shrink, so a gang at least as large as one that failed fails too.
/// </summary>
internal sealed class Placer(PlanState state)
{
    private readonly Dictionary<(int Key, int Pool, int Gpus), int> _failedPods = [];
    private readonly List<int> _candidates = [];
    private readonly int[] _available = new int[state.Nodes.Count];

    /// <summary>
    /// Places every <paramref name="pending"/> workload it can, in rule 1's order, and returns that order. A workload that does not fit
    /// is handed to <paramref name="onMiss"/> at its turn, before anything later in the order is placed.
    /// </summary>
    public List<WorkloadState> PlaceAll(IReadOnlyList<WorkloadState> workloads, Func<WorkloadState, bool> pending, Action<WorkloadState> onMiss)
    {
        var queue = new PendingQueue(workloads, pending, state);
        var order = new List<WorkloadState>(queue.Count);
        while (queue.TryDequeue(out var workload))
        {
            order.Add(workload);
            if (!TryPlace(workload) && !workload.Bound)
            {
                onMiss(workload);
            }
        }

        return order;
    }

    /// <summary>Places every <paramref name="pending"/> workload it can, in rule 1's order, without reclaiming.</summary>
    public void PlaceAll(IReadOnlyList<WorkloadState> workloads, Func<WorkloadState, bool> pending)
    {
        var queue = new PendingQueue(workloads, pending, state);
        while (queue.TryDequeue(out var workload))
        {
            TryPlace(workload);
            if (state.Nodes.Index.NoneFree && queue.RestNeedFreeGpus)
            {
                // With no GPU free, each of the rest fails (noting why) whatever the order: skip ordering them.
                foreach (var rest in queue.Rest())
                {
                    TryPlace(rest);
                }

                return;
            }
        }
    }

    /// <summary>How often free GPUs grew during this plan; failures remembered before then prove nothing.</summary>
    public int Releases { get; private set; }

    /// <summary>Free GPUs grew (a reservation ended): earlier failures prove nothing any more.</summary>
    public void ForgetFailures()
    {
        _failedPods.Clear();
        Releases++;
    }

    public bool TryPlace(WorkloadState w)
    {
        if (!w.Placeable || w.Bound || w.Unschedulable)
        {
            return false;
        }

        var held = w.Outgoing ?? w.Incoming;
        if (held is not null)
        {
            var placement = PlaceWithHeld(w, held);
            return placement is not null && Bind(w, placement);
        }

        foreach (var pool in state.CandidatePools(w))
        {
            if (state.Policy.NeverBorrow && !WithinQuota(w, pool))
            {
                w.Wait ??= new WaitNote(WaitingCode.QuotaExceeded) { Pool = pool };
                continue;
            }

            var placement = PlaceOnFree(w, pool);
            if (placement is not null)
            {
                return Bind(w, placement);
            }
        }

        return false;
    }

    private static bool WithinQuota(WorkloadState w, int pool) =>
        w.Owner.Allocated[pool] + w.RequestGpus <= w.Owner.Quota[pool] + PlanState.Epsilon;

    /// <summary>Binds the pods, charges nodes and owner, and ends the workload's reservation.</summary>
    public bool Bind(WorkloadState w, List<PodsOnNode> placement)
    {
        var indices = w.NextIndices(placement.Sum(p => p.Pods));
        var next = 0;
        foreach (var (node, pods) in placement)
        {
            for (var i = 0; i < pods; i++)
            {
                w.AddBind(indices[next++], node);
            }

            var gpus = pods * w.Gpus;
            state.Nodes.AddRunning(node, gpus);
            w.Owner.Allocate(state.Nodes.Pool[node], gpus);
            if (w.IsIdea)
            {
                w.Owner.IdeaGpus += gpus;
            }
        }

        Release(w);
        w.Bound = true;
        w.Wait = null;
        return true;
    }

    /// <summary>Ends the workload's reservations, returning their GPUs to everyone.</summary>
    public void Release(WorkloadState w)
    {
        if (w.Incoming is { } incoming)
        {
            foreach (var (node, gpus) in incoming.Nodes)
            {
                state.Nodes.AddReserved(node, -gpus);
            }

            w.Incoming = null;
            ForgetFailures();
        }

        if (w.Outgoing is { } outgoing)
        {
            foreach (var (node, gpus) in outgoing.Nodes)
            {
                state.Nodes.AddReserved(node, -gpus);
            }

            w.Owner.Reserved[w.Pool] -= outgoing.Total;
            if (w.IsIdea)
            {
                w.Owner.IdeaGpus -= outgoing.Total;
            }

            w.Outgoing = null;
            ForgetFailures();
        }
    }

    /// <summary>
    /// A placement onto GPUs this workload may take now: free ones plus its own reservation, preferring
    /// the reserved nodes so that it lands where its victims made room.
    /// </summary>
    public List<PodsOnNode>? PlaceWithHeld(WorkloadState w, HeldGpus held)
    {
        if (w.Gpus == 0)
        {
            return PlaceOnFree(w, w.Pool);
        }

        var set = state.Feasible(w, w.Pool);
        _candidates.Clear();
        foreach (var (node, gpus) in held.Nodes)
        {
            if (set.Contains(node))
            {
                _available[node] = state.Nodes.AvailableTo(node, gpus);
                _candidates.Add(node);
            }
        }

        var placement = GangPlacer.Place(_candidates, _available, w.RequestPods, w.Gpus, state.Nodes);
        if (placement is not null)
        {
            return placement;
        }

        // Otherwise the reserved nodes together with the nodes that have a pod's worth of free GPUs.
        _candidates.Clear();
        state.Nodes.Index.Collect(w.Gpus, set.Mask, _candidates);
        if (_candidates.Count == 0)
        {
            return null;
        }

        foreach (var (node, _) in held.Nodes)
        {
            if (set.Contains(node) && !_candidates.Contains(node))
            {
                _candidates.Add(node);
            }
        }

        foreach (var node in _candidates)
        {
            _available[node] = state.Nodes.AvailableTo(node, held.On(node));
        }

        return GangPlacer.Place(_candidates, _available, w.RequestPods, w.Gpus, state.Nodes);
    }

    private List<PodsOnNode>? PlaceOnFree(WorkloadState w, int pool)
    {
        var set = state.Feasible(w, pool);
        var pods = w.RequestPods;
        var key = (w.ConstraintKey, pool, w.Gpus);
        if (_failedPods.TryGetValue(key, out var failed) && pods >= failed)
        {
            return null;
        }

        var placement = Place(set, pods, w.Gpus);
        if (placement is null)
        {
            _failedPods[key] = Math.Min(pods, _failedPods.GetValueOrDefault(key, int.MaxValue));
        }

        return placement;
    }

    private List<PodsOnNode>? Place(FeasibleSet set, int pods, int gpus)
    {
        var index = state.Nodes.Index;
        if ((long)pods * gpus <= index.MaxFree)
        {
            var node = index.BestFit(pods * gpus, set.Mask);
            if (node >= 0)
            {
                return [new PodsOnNode(node, pods)];
            }
        }

        if (gpus == 0 || pods == 1 || index.CountPods(gpus, set.Mask, pods) < pods)
        {
            return null;
        }

        _candidates.Clear();
        index.Collect(gpus, set.Mask, _candidates);
        return GangPlacer.Place(_candidates, state.Nodes.Free, pods, gpus, state.Nodes);
    }
}
