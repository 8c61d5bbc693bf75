namespace ClusterOperator.Simulation.Metrics;

/// <summary>Order statistics over ascending samples.</summary>
public static class Percentiles
{
    /// <summary>The nearest-rank percentile: the smallest sample with at least <paramref name="percent"/>% of samples at or below it; 0 when empty.</summary>
    public static double NearestRank(IReadOnlyList<double> ascending, double percent)
    {
        ArgumentNullException.ThrowIfNull(ascending);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(percent);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(percent, 100);
        if (ascending.Count == 0)
        {
            return 0;
        }

        var rank = (int)Math.Ceiling(percent / 100 * ascending.Count);
        return ascending[Math.Clamp(rank, 1, ascending.Count) - 1];
    }
}
