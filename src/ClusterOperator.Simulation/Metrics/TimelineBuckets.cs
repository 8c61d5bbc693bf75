namespace ClusterOperator.Simulation.Metrics;

/// <summary>
/// Time-averages of several piecewise-constant series over equal buckets. When a bucket would lie past
/// <c>maxBuckets</c>, neighbouring buckets merge and the width doubles, so memory stays bounded for any horizon.
/// </summary>
internal sealed class TimelineBuckets
{
    private readonly int _series;
    private readonly int _maxBuckets;
    private readonly double _origin;
    private readonly List<double[]> _sums = [];
    private double _end;

    public TimelineBuckets(int series, double origin, double initialWidthSeconds, int maxBuckets)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBuckets, 2);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(initialWidthSeconds);
        _series = series;
        _origin = origin;
        _end = origin;
        WidthSeconds = initialWidthSeconds;
        _maxBuckets = maxBuckets;
    }

    public double WidthSeconds { get; private set; }

    /// <summary>Adds the constant <paramref name="values"/> (one per series) held over [from, to).</summary>
    public void Add(double from, double to, ReadOnlySpan<double> values)
    {
        if (to <= from)
        {
            return;
        }

        while ((to - _origin) / WidthSeconds > _maxBuckets)
        {
            Coarsen();
        }

        var first = (int)((from - _origin) / WidthSeconds);
        var last = Math.Min((int)Math.Ceiling((to - _origin) / WidthSeconds) - 1, _maxBuckets - 1);
        while (_sums.Count <= last)
        {
            _sums.Add(new double[_series]);
        }

        for (var i = first; i <= last; i++)
        {
            var bucketStart = _origin + (i * WidthSeconds);
            var overlap = Math.Min(to, bucketStart + WidthSeconds) - Math.Max(from, bucketStart);
            if (overlap <= 0)
            {
                continue;
            }

            var sums = _sums[i];
            for (var s = 0; s < _series; s++)
            {
                sums[s] += overlap * values[s];
            }
        }

        _end = Math.Max(_end, to);
    }

    /// <summary>The average of each series in each bucket, indexed [series][bucket]; the last bucket averages over its covered part.</summary>
    public double[][] Averages()
    {
        var result = new double[_series][];
        for (var s = 0; s < _series; s++)
        {
            result[s] = new double[_sums.Count];
        }

        for (var i = 0; i < _sums.Count; i++)
        {
            var covered = Math.Min(WidthSeconds, _end - (_origin + (i * WidthSeconds)));
            for (var s = 0; s < _series; s++)
            {
                result[s][i] = covered > 0 ? _sums[i][s] / covered : 0;
            }
        }

        return result;
    }

    private void Coarsen()
    {
        for (var i = 0; i < _sums.Count; i += 2)
        {
            var merged = _sums[i];
            if (i + 1 < _sums.Count)
            {
                for (var s = 0; s < _series; s++)
                {
                    merged[s] += _sums[i + 1][s];
                }
            }

            _sums[i / 2] = merged;
        }

        _sums.RemoveRange((_sums.Count + 1) / 2, _sums.Count - ((_sums.Count + 1) / 2));
        WidthSeconds *= 2;
    }
}
