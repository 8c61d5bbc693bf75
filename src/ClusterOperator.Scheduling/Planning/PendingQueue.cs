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
    private readonly Dictionary<Owner, Queue<WorkloadState>> _queues = [];
    private readonly PriorityQueue<Owner, HeadKey> _heap = new(HeadKeyComparer.Instance);
    private readonly PlanState _state;
    private readonly bool _fairShare;
    private Owner? _handling;

    public PendingQueue(IEnumerable<WorkloadState> workloads, PlanState state)
    {
        _state = state;
        _fairShare = state.Policy.Ordering == QueueOrdering.FairShare;
        foreach (var group in workloads.GroupBy(w => w.Owner))
        {
            var items = group.Select(w => (Class: Class(w), Submit: w.Source.SubmitTime.UtcTicks, Workload: w)).ToArray();
            Array.Sort(items, (a, b) =>
            {
                var c = a.Class.CompareTo(b.Class);
                c = c != 0 ? c : a.Submit.CompareTo(b.Submit);
                return c != 0 ? c : string.CompareOrdinal(a.Workload.Id, b.Workload.Id);
            });
            var queue = new Queue<WorkloadState>(items.Select(i => i.Workload));
            _queues[group.Key] = queue;
            _heap.Enqueue(group.Key, KeyOf(group.Key, queue.Peek()));
        }
    }

    /// <summary>The next workload in order; the previous one's owner is re-keyed first, so its new allocation counts.</summary>
    public bool TryDequeue(out WorkloadState workload)
    {
        if (_handling is { } previous && _queues[previous].TryPeek(out var next))
        {
            _heap.Enqueue(previous, KeyOf(previous, next));
        }

        _handling = null;
        if (!_heap.TryDequeue(out var owner, out _))
        {
            workload = null!;
            return false;
        }

        workload = _queues[owner].Dequeue();
        _handling = owner;
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
