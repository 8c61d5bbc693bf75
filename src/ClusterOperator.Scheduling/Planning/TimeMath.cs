namespace ClusterOperator.Scheduling.Planning;

/// <summary>Time arithmetic that saturates at the ends of the calendar: hostile times and durations must not throw.</summary>
internal static class TimeMath
{
    public static DateTimeOffset Add(DateTimeOffset time, TimeSpan span)
    {
        if (span >= TimeSpan.Zero)
        {
            return DateTimeOffset.MaxValue - time <= span ? DateTimeOffset.MaxValue : time + span;
        }

        return time - DateTimeOffset.MinValue <= -span ? DateTimeOffset.MinValue : time + span;
    }
}
