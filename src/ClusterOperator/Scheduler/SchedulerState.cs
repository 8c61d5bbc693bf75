using System.Collections.Immutable;
using ClusterOperator.Scheduling;

namespace ClusterOperator.Scheduler;

/// <summary>
/// What the scheduler must remember between rounds and across restarts: decayed usage per owner and the
/// reservations of the last plan. It lives in a ConfigMap, so a new leader continues where the old one stopped.
/// </summary>
internal sealed record SchedulerState(
    IReadOnlyDictionary<string, double> OwnerUsage,
    IReadOnlyList<Reservation> Reservations,
    DateTimeOffset? UsageUpdatedAt)
{
    public static SchedulerState Empty { get; } = new(ImmutableDictionary<string, double>.Empty, [], null);

    /// <summary>Charges every owner for the GPUs it held since the last update, decayed by the half-life.</summary>
    public SchedulerState AdvanceUsage(IReadOnlyDictionary<string, int> allocatedByOwner, TimeSpan halfLife, DateTimeOffset now)
    {
        var elapsed = UsageUpdatedAt is { } last && now > last ? now - last : TimeSpan.Zero;
        var usage = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var owner in OwnerUsage.Keys.Union(allocatedByOwner.Keys))
        {
            var value = UsageDecay.Advance(OwnerUsage.GetValueOrDefault(owner), allocatedByOwner.GetValueOrDefault(owner), elapsed, halfLife);
            // Owners whose usage decayed to nothing are forgotten, so the state stays small.
            if (value >= 1)
            {
                usage[owner] = value;
            }
        }

        return this with { OwnerUsage = usage, UsageUpdatedAt = now };
    }
}
