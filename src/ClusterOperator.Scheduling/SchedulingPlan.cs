namespace ClusterOperator.Scheduling;

/// <summary>The decisions of one <see cref="Scheduler.Plan"/>. Lists are sorted by workload id, then pod index.</summary>
public sealed record SchedulingPlan
{
    /// <summary>Pods to bind now.</summary>
    public required IReadOnlyList<Bind> Binds { get; init; }

    /// <summary>Pods to delete with their grace period: whole runs, or replicas of elastic runs.</summary>
    public required IReadOnlyList<Eviction> Evictions { get; init; }

    /// <summary>GPUs held for pending workloads. Persist them and pass them back in the next snapshot.</summary>
    public required IReadOnlyList<Reservation> Reservations { get; init; }

    /// <summary>New sizes of elastic runs (grown together with binds, shrunk together with evictions).</summary>
    public required IReadOnlyList<Resize> Resizes { get; init; }

    /// <summary>Why each workload that still waits after this plan waits, by workload id.</summary>
    public required IReadOnlyDictionary<string, WaitingReason> Waiting { get; init; }

    /// <summary>Fair share per owner and GPU type, with allocation after this plan.</summary>
    public required IReadOnlyList<OwnerShare> OwnerShares { get; init; }

    /// <summary>Fair share of each workload (second level), in GPUs, by workload id.</summary>
    public required IReadOnlyDictionary<string, double> WorkloadShares { get; init; }

    /// <summary>Invalid input that was left out of planning.</summary>
    public required IReadOnlyList<SnapshotError> Errors { get; init; }

    /// <summary>The owner's fair share summed over GPU types (what <c>ownerFairShareGpus</c> shows).</summary>
    public double OwnerShareGpus(string owner) =>
        OwnerShares.Where(s => string.Equals(s.Owner, owner, StringComparison.Ordinal)).Sum(s => s.ShareGpus);
}
