using System.Collections.Immutable;

namespace ClusterOperator.Scheduling;

/// <summary>Everything <see cref="Scheduler.Plan"/> looks at. Time is an input: the core never reads a clock.</summary>
public sealed record ClusterSnapshot
{
    /// <summary>The instant the plan is for.</summary>
    public required DateTimeOffset Now { get; init; }

    /// <summary>All nodes.</summary>
    public IReadOnlyList<Node> Nodes { get; init; } = [];

    /// <summary>All unfinished workloads: pending, running or terminating.</summary>
    public IReadOnlyList<Workload> Workloads { get; init; } = [];

    /// <summary>Decayed GPU-seconds per owner, maintained with <see cref="UsageDecay"/>.</summary>
    public IReadOnlyDictionary<string, double> OwnerUsage { get; init; } = ImmutableDictionary<string, double>.Empty;

    /// <summary>The <see cref="SchedulingPlan.Reservations"/> of the previous plan, passed back unchanged.</summary>
    public IReadOnlyList<Reservation> Reservations { get; init; } = [];

    /// <summary>Fair-share settings.</summary>
    public FairShareOptions Options { get; init; } = new();

    /// <summary>Policy knobs; <see cref="SchedulingPolicy.FairShare"/> is the product's.</summary>
    public SchedulingPolicy Policy { get; init; } = SchedulingPolicy.FairShare;
}
