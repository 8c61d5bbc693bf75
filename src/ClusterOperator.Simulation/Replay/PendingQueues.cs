using ClusterOperator.Scheduling;
using ClusterOperator.Simulation.Traces;

namespace ClusterOperator.Simulation.Replay;

/// <summary>
/// Each owner's pending jobs in the core's within-owner order, and the pending window: a long queue is shown to
/// Plan only as each owner's head, which is exact when the plan proves it (single GPU pool):
/// <list type="number">
/// <item>A head holds more single-GPU jobs than there are GPUs not held by pods (F). The core's placement passes
/// visit an owner's jobs in this order and free capacity only shrinks within a pass; binding all of them would
/// need more than F GPUs, so one of them fails in each pass, and from then on no GPU is free for any job behind it.</item>
/// <item>Shares: an owner whose share stays below the demand its head shows is not demand-capped, so the hidden
/// rest of its queue changes no share (water-filling).</item>
/// <item>Under reclaim: a hidden job is never within share (the owner's running GPUs, less any the plan evicts
/// from it, plus its smallest pending job exceed its share) and never bigger than the share, so it can neither
/// reclaim nor be starving; ideas are never hidden.</item>
/// </list>
/// The obligations are per owner: when a plan cannot prove them for some owners, the caller plans again with
/// those owners' whole queues shown.
/// </summary>
internal sealed class PendingQueues
{
    private const double Epsilon = 1e-6;

    private readonly SortedSet<SimJob>[] _queues;
    private readonly SortedDictionary<int, int>[] _sizes;
    private readonly bool[] _truncated;

    public PendingQueues(int owners, QueueOrdering ordering)
    {
        var order = new PendingOrder(ordering);
        _queues = [.. Enumerable.Range(0, owners).Select(_ => new SortedSet<SimJob>(order))];
        _sizes = [.. Enumerable.Range(0, owners).Select(_ => new SortedDictionary<int, int>())];
        _truncated = new bool[owners];
    }

    public int Count { get; private set; }

    public void Add(SimJob job)
    {
        var owner = job.Job.OwnerIndex;
        _queues[owner].Add(job);
        _sizes[owner][job.Gpus] = _sizes[owner].GetValueOrDefault(job.Gpus) + 1;
        Count++;
    }

    public void Remove(SimJob job)
    {
        var owner = job.Job.OwnerIndex;
        _queues[owner].Remove(job);
        if (--_sizes[owner][job.Gpus] == 0)
        {
            _sizes[owner].Remove(job.Gpus);
        }

        Count--;
    }

    /// <summary>Adds the workloads to plan and stamps their jobs; returns whether some owner's queue was cut.</summary>
    /// <param name="workloads">Receives the workloads.</param>
    /// <param name="window">At least this many jobs per owner; null for every pending job.</param>
    /// <param name="unheldGpus">GPUs not held by any pod (free or reserved): every head holds more single-GPU jobs.</param>
    /// <param name="whole">Owners whose whole queue is shown regardless of the window.</param>
    /// <param name="stamp">Marks the jobs added.</param>
    public bool AddTo(List<Workload> workloads, int? window, int unheldGpus, ReadOnlySpan<bool> whole, int stamp)
    {
        var cut = false;
        for (var owner = 0; owner < _queues.Length; owner++)
        {
            var taken = 0;
            var units = 0;
            _truncated[owner] = false;
            foreach (var job in _queues[owner])
            {
                if (window is { } min && !whole[owner] && taken >= min && units > unheldGpus && job.Job.Trace.Kind != TraceJobKind.Idea)
                {
                    _truncated[owner] = true;
                    cut = true;
                    break;
                }

                workloads.Add(job.Workload);
                job.PlanStamp = stamp;
                taken++;
                units += job.Job.Trace is { Replicas: 1, GpusPerReplica: 1 } ? 1 : 0;
            }
        }

        return cut;
    }

    /// <summary>
    /// Whether the plan of the cut queues is the plan of the whole queue (the type's proof obligations 2 and 3);
    /// marks in <paramref name="unproven"/> the cut owners it could not prove.
    /// </summary>
    /// <param name="plan">The plan of the cut queues.</param>
    /// <param name="ownerIndex">Owner name to index.</param>
    /// <param name="lowestRunningGpus">Per owner, a lower bound of its running GPUs during the plan: before it, less what it evicts.</param>
    /// <param name="reclaim">Whether the policy reclaims.</param>
    /// <param name="unproven">Receives true for each owner whose cut is not proven.</param>
    public bool ProvenExact(SchedulingPlan plan, IReadOnlyDictionary<string, int> ownerIndex, IReadOnlyList<int> lowestRunningGpus, bool reclaim, Span<bool> unproven)
    {
        Span<double> share = stackalloc double[_queues.Length];
        Span<double> demand = stackalloc double[_queues.Length];
        foreach (var s in plan.OwnerShares)
        {
            share[ownerIndex[s.Owner]] += s.ShareGpus;
            demand[ownerIndex[s.Owner]] += s.DemandGpus;
        }

        var proven = true;
        for (var owner = 0; owner < _queues.Length; owner++)
        {
            unproven[owner] = _truncated[owner]
                && (share[owner] >= demand[owner] - Epsilon
                    || (reclaim && (lowestRunningGpus[owner] + _sizes[owner].Keys.First() <= share[owner] + Epsilon || _sizes[owner].Keys.Last() > share[owner] + Epsilon)));
            proven &= !unproven[owner];
        }

        return proven;
    }
}
