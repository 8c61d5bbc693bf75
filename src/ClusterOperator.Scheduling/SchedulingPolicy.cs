using System.Diagnostics.CodeAnalysis;

namespace ClusterOperator.Scheduling;

/// <summary>
/// The policy knobs of the core. The replay's baselines are presets of this record, so every policy runs
/// through the same <see cref="Scheduler.Plan"/>.
/// </summary>
/// <param name="Name">Stable name used on command lines and in reports.</param>
/// <param name="Ordering">Order in which pending work is placed.</param>
/// <param name="Reclaim">Whether within-share work reclaims borrowed GPUs (rule 4) and large runs get starvation reservations (rule 7).</param>
/// <param name="NeverBorrow">Caps every owner at capacity × weight ÷ total weight of the known owners, with no borrowing.</param>
public sealed record SchedulingPolicy(string Name, QueueOrdering Ordering, bool Reclaim, bool NeverBorrow)
{
    /// <summary>The product's policy: fair-share order, reclaim and starvation reservations, borrowing allowed.</summary>
    public static SchedulingPolicy FairShare { get; } = new("fair-share", QueueOrdering.FairShare, Reclaim: true, NeverBorrow: false);

    /// <summary>First come, first served by submit time; no preemption.</summary>
    public static SchedulingPolicy Fifo { get; } = new("fifo", QueueOrdering.SubmitTime, Reclaim: false, NeverBorrow: false);

    /// <summary>Each owner capped at capacity ÷ owners, never borrowing: what an approval and quota gate amounts to.</summary>
    public static SchedulingPolicy StrictQuota { get; } = new("strict-quota", QueueOrdering.FairShare, Reclaim: false, NeverBorrow: true);

    /// <summary>Max-min (fair-share) ordering without any reclaim.</summary>
    public static SchedulingPolicy DrfNoPreemption { get; } = new("drf-no-preemption", QueueOrdering.FairShare, Reclaim: false, NeverBorrow: false);

    /// <summary>All presets, in the order reports list them.</summary>
    public static IReadOnlyList<SchedulingPolicy> Presets { get; } = [FairShare, Fifo, StrictQuota, DrfNoPreemption];

    /// <summary>Finds a preset by its <see cref="Name"/> (case-insensitive).</summary>
    public static bool TryParse(string name, [NotNullWhen(true)] out SchedulingPolicy? policy)
    {
        policy = Presets.FirstOrDefault(p => string.Equals(p.Name, name.Trim(), StringComparison.OrdinalIgnoreCase));
        return policy is not null;
    }
}
