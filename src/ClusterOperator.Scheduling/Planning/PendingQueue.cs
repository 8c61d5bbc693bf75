namespace ClusterOperator.Scheduling.Planning;

/// <summary>
/// Rule 1's order, kept up to date as binds change owners' allocations: one queue per owner (repairs, then
/// ideas, then by submit time and id) and a heap of owners keyed by their head. An owner is re-keyed only
/// after its head was handled, so each step costs O(log owners).
/// When the policy reclaims, a head within its owner's share goes before borrowing heads: GPUs that come
/// free go to entitled work first, so decayed usage never makes a within-share run wait for a borrower
/// that started after it (rules 3 and 4).
/// </summary>
internal sealed class PendingQueue
{
    private readonly WorkloadState[]?[] _queues;
    private readonly int[] _next;
    private readonly PriorityQueue<Owner, HeadKey> _heap = new(HeadKeyComparer.Instance);
    private readonly PlanState _state;
    private readonly bool _fairShare;
    private Owner? _handling;

    /// <summary>Workloads still queued that may be placed without free GPUs: zero-GPU pods, or GPUs reserved for them.</summary>
    private int _placeableWithoutFree;

    /// <param name="workloads">Candidates, in any order.</param>
    /// <param name="include">Which candidates to queue.</param>
    /// <param name="state">The plan.</param>
    public PendingQueue(IReadOnlyList<WorkloadState> workloads, Func<WorkloadState, bool> include, PlanState state)
    {
        _state = state;
        _fairShare = state.Policy.Ordering == QueueOrdering.FairShare;
        _queues = new WorkloadState[]?[state.Owners.Count];
        _next = new int[state.Owners.Count];

        // Two passes, counting then filling, so that each owner's queue is allocated once at its size.
        var sizes = new int[state.Owners.Count];
        foreach (var w in workloads)
        {
            if (include(w))
            {
                sizes[w.Owner.Index]++;
                Count++;
                _placeableWithoutFree += PlaceableWithoutFree(w) ? 1 : 0;
            }
        }

        foreach (var w in workloads)
        {
            if (include(w))
            {
                var owner = w.Owner.Index;
                var queue = _queues[owner] ??= new WorkloadState[sizes[owner]];
                queue[_next[owner]++] = w;
            }
        }

        Array.Clear(_next);
        foreach (var owner in state.Owners)
        {
            if (_queues[owner.Index] is { } queue)
            {
                // Callers mostly list an owner's work in this order already; check before sorting.
                if (!InOrder(queue))
                {
                    Array.Sort(queue, Compare);
                }

                _heap.Enqueue(owner, KeyOf(owner, queue[0]));
            }
        }
    }

    /// <summary>Workloads queued.</summary>
    public int Count { get; }

    /// <summary>The next workload in order; the previous one's owner is re-keyed first, so its new allocation counts.</summary>
    public bool TryDequeue(out WorkloadState workload)
    {
        if (_handling is { } previous && _next[previous.Index] < _queues[previous.Index]!.Length)
        {
            _heap.Enqueue(previous, KeyOf(previous, _queues[previous.Index]![_next[previous.Index]]));
        }

        _handling = null;
        if (!_heap.TryDequeue(out var owner, out _))
        {
            workload = null!;
            return false;
        }

        workload = _queues[owner.Index]![_next[owner.Index]++];
        _handling = owner;
        _placeableWithoutFree -= PlaceableWithoutFree(workload) ? 1 : 0;
        return true;
    }

    /// <summary>
    /// Every workload still queued needs free GPUs to be placed. Reservations are only made by reclaim, never
    /// in a pass without it, so the count kept from the start can only overstate: this is never wrongly true.
    /// </summary>
    public bool RestNeedFreeGpus => _placeableWithoutFree == 0;

    /// <summary>The workloads not dequeued yet, in no particular order.</summary>
    public IEnumerable<WorkloadState> Rest()
    {
        for (var owner = 0; owner < _queues.Length; owner++)
        {
            var queue = _queues[owner];
            for (var i = _next[owner]; queue is not null && i < queue.Length; i++)
            {
                yield return queue[i];
            }
        }
    }

    private static bool PlaceableWithoutFree(WorkloadState w) => w.Gpus == 0 || w.Incoming is not null || w.Outgoing is not null;

    /// <summary>An owner's queue order: repairs, then ideas, then the rest; then submit time, then id.</summary>
    private int Compare(WorkloadState a, WorkloadState b)
    {
        var c = Class(a).CompareTo(Class(b));
        c = c != 0 ? c : a.Source.SubmitTime.UtcTicks.CompareTo(b.Source.SubmitTime.UtcTicks);
        return c != 0 ? c : string.CompareOrdinal(a.Id, b.Id);
    }

    private bool InOrder(WorkloadState[] queue)
    {
        for (var i = 1; i < queue.Length; i++)
        {
            if (Compare(queue[i - 1], queue[i]) > 0)
            {
                return false;
            }
        }

        return true;
    }

    private int Class(WorkloadState w) => w.Phase == WorkloadPhase.Incomplete ? 0 : _fairShare && w.IsIdea ? 1 : 3;

    private HeadKey KeyOf(Owner owner, WorkloadState head)
    {
        var kind = Class(head);
        if (kind == 3 && _fairShare && _state.Policy.Reclaim && _state.WithinShare(head))
        {
            kind = 2;
        }

        return new(kind, _fairShare ? owner.Fairness : 0, head.Source.SubmitTime, head.Id, owner.Index);
    }

    private readonly record struct HeadKey(int Class, double Fairness, DateTimeOffset Submit, string Id, int Owner);

    private sealed class HeadKeyComparer : IComparer<HeadKey>
    {
        public static HeadKeyComparer Instance { get; } = new();

        public int Compare(HeadKey x, HeadKey y)
        {
            var c = x.Class.CompareTo(y.Class);
            c = c != 0 ? c : x.Fairness.CompareTo(y.Fairness);
            c = c != 0 ? c : x.Submit.CompareTo(y.Submit);
            c = c != 0 ? c : string.CompareOrdinal(x.Id, y.Id);
            return c != 0 ? c : x.Owner.CompareTo(y.Owner);
        }
    }
}
