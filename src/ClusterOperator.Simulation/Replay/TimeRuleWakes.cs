namespace ClusterOperator.Simulation.Replay;

/// <summary>
/// When to plan again with nothing else happening. The operator plans on a timer once per round, and the core's
/// plan depends on time (MinRuntime protection ending, the starvation threshold, reservation times, decayed usage
/// ordering victims), so a policy with time-based rules is planned at every round while work waits, exactly as the
/// operator would. A policy without them (no reclaim) changes nothing between events: nothing that did not fit
/// fits later. Tests check that against planning every round.
/// </summary>
internal sealed class TimeRuleWakes(bool everyRound, long roundTicks)
{
    private long _scheduled = long.MaxValue;

    /// <summary>A wake-up fired at <paramref name="now"/>; a later one may be scheduled again.</summary>
    public void Fired(long now)
    {
        if (now == _scheduled)
        {
            _scheduled = long.MaxValue;
        }
    }

    /// <summary>The next wake-up to schedule after a plan at <paramref name="now"/>, or null when none is needed or one is already due.</summary>
    /// <param name="now">The plan's instant.</param>
    /// <param name="workWaits">Whether any job is pending.</param>
    public long? Next(long now, bool workWaits)
    {
        if (!everyRound || !workWaits)
        {
            return null;
        }

        var wake = ((now / roundTicks) + 1) * roundTicks;
        if (wake >= _scheduled)
        {
            return null;
        }

        _scheduled = wake;
        return wake;
    }
}
