namespace ClusterOperator.Scheduling.Planning;

/// <summary>
/// The whole state of one plan. Only accessed from the single thread running <see cref="PlanRound"/>,
/// so nothing here is locked; usage is charged to these tables, never to the caller's snapshot.
/// </summary>
internal sealed class PlanState
{
    /// <summary>Tolerance for comparing fractional shares with whole GPUs.</summary>
    public const double Epsilon = 1e-9;

    public required DateTimeOffset Now { get; init; }

    public required ResolvedOptions Options { get; init; }

    public required SchedulingPolicy Policy { get; init; }

    public required NodeTable Nodes { get; init; }

    /// <summary>GPU type of each pool; null for nodes without a type.</summary>
    public required IReadOnlyList<string?> PoolTypes { get; init; }

    public required double[] PoolCapacity { get; init; }

    /// <summary>Owners in name order.</summary>
    public required IReadOnlyList<Owner> Owners { get; init; }

    /// <summary>Valid workloads in id order.</summary>
    public required IReadOnlyList<WorkloadState> Workloads { get; init; }

    /// <summary>Valid workloads in the order the snapshot lists them.</summary>
    public required IReadOnlyList<WorkloadState> WorkloadsAsListed { get; init; }


    public required FeasibilityCache Feasibility { get; init; }

    public required List<SnapshotError> Errors { get; init; }

    /// <summary>Pools a workload may be placed in: its own first, then (if it names no GPU type) the others, largest first.</summary>
    public required Func<WorkloadState, IReadOnlyList<int>> CandidatePools { get; init; }

    /// <summary>The valid workload with this id, or null: a binary search of the id order.</summary>
    public WorkloadState? Find(string id)
    {
        int low = 0, high = Workloads.Count - 1;
        while (low <= high)
        {
            var mid = (low + high) >> 1;
            var c = string.CompareOrdinal(Workloads[mid].Id, id);
            if (c == 0)
            {
                return Workloads[mid];
            }

            (low, high) = c < 0 ? (mid + 1, high) : (low, mid - 1);
        }

        return null;
    }

    public FeasibleSet Feasible(WorkloadState workload, int pool) => Feasibility.Get(workload.ConstraintKey, pool);

    /// <summary>
    /// Rule 4's test: its owner's allocation (plus what this plan already reserved for it) plus the request
    /// stays within the owner's fair share. An idea inside the idea guarantee always counts as within share
    /// (rule 5). Decayed usage plays no part (rule 3).
    /// </summary>
    public bool WithinShare(WorkloadState workload)
    {
        var owner = workload.Owner;
        var request = workload.RequestGpus;
        if (workload.IsIdea && owner.IdeaGpus + request <= Options.IdeaGuaranteeGpus)
        {
            return true;
        }

        return owner.Allocated[workload.Pool] + owner.Reserved[workload.Pool] + request <= owner.Share[workload.Pool] + Epsilon;
    }

    /// <summary>
    /// Rule 7: it waited past the threshold and is bigger than its owner's share (so it could never reclaim), or
    /// it is within share but reclaim could not make room for it.
    /// </summary>
    public bool Starving(WorkloadState workload) =>
        Policy.Reclaim
        && Now - workload.PendingSince >= Options.StarvationThreshold
        && (workload.RequestGpus > workload.Owner.Share[workload.Pool] + Epsilon || WithinShare(workload));

    public bool IsProtected(WorkloadState workload) => workload.ProtectedUntil is { } until && until > Now;
}
