namespace ClusterOperator.Simulation.Replay;

/// <summary>
/// When to plan again for the core's time-based rules (MinRuntime protection ending, a wait passing the
/// starvation threshold, a reservation's expected time) while work waits: at the first planning round at or
/// after the earliest such instant. Only policies that reclaim have such rules.
/// </summary>
internal sealed class TimeRuleWakes(bool enabled, long minRuntimeTicks, long starvationTicks, long roundTicks)
{
    private readonly TimedJobQueue _protectionEnds = new(JobPhase.Running);
    private readonly TimedJobQueue _starvationStarts = new(JobPhase.Pending);
    private long _scheduled = long.MaxValue;

    public void Started(SimJob job, long now)
    {
        if (enabled)
        {
            _protectionEnds.Add(job, now + minRuntimeTicks);
        }
    }

    /// <summary>The job became pending at <paramref name="now"/> (arrival or eviction).</summary>
    public void Waiting(SimJob job, long now)
    {
        if (enabled)
        {
            _starvationStarts.Add(job, now + starvationTicks);
        }
    }

    /// <summary>A wake-up fired at <paramref name="now"/>; a later one may be scheduled again.</summary>
    public void Fired(long now)
    {
        if (now == _scheduled)
        {
            _scheduled = long.MaxValue;
        }
    }

    /// <summary>The next wake-up to schedule after a plan at <paramref name="now"/>, or null when none is needed or one is already due earlier.</summary>
    /// <param name="now">The plan's instant.</param>
    /// <param name="workWaits">Whether any job is pending.</param>
    /// <param name="reservationTimes">Expected times of the plan's reservations, as ticks.</param>
    public long? Next(long now, bool workWaits, IEnumerable<long> reservationTimes)
    {
        if (!enabled || !workWaits)
        {
            return null;
        }

        var due = Min(_protectionEnds.NextAfter(now), _starvationStarts.NextAfter(now));
        foreach (var expected in reservationTimes)
        {
            if (expected > now)
            {
                due = Min(due, expected);
            }
        }

        if (due is not { } instant)
        {
            return null;
        }

        var wake = (instant + roundTicks - 1) / roundTicks * roundTicks;
        if (wake >= _scheduled)
        {
            return null;
        }

        _scheduled = wake;
        return wake;
    }

    private static long? Min(long? a, long? b) => a is null ? b : b is null ? a : Math.Min(a.Value, b.Value);
}
