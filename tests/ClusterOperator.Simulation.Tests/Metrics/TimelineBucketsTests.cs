using ClusterOperator.Simulation.Metrics;

namespace ClusterOperator.Simulation.Tests.Metrics;

public sealed class TimelineBucketsTests
{
    [Fact]
    public void Buckets_hold_time_averages_of_the_constant_pieces()
    {
        var buckets = new TimelineBuckets(series: 1, origin: 0, initialWidthSeconds: 10, maxBuckets: 4);
        buckets.Add(0, 15, [1.0]);
        buckets.Add(15, 20, [3.0]);

        Assert.Equal([1.0, 2.0], buckets.Averages()[0]);
    }

    [Fact]
    public void Buckets_merge_and_double_their_width_when_the_horizon_outgrows_them()
    {
        var buckets = new TimelineBuckets(series: 2, origin: 0, initialWidthSeconds: 10, maxBuckets: 4);
        buckets.Add(0, 15, [1.0, 0]);
        buckets.Add(15, 20, [3.0, 0]);
        buckets.Add(20, 100, [2.0, 5]);

        Assert.Equal(40, buckets.WidthSeconds);
        // [0,40): (15×1 + 5×3 + 20×2) / 40; [40,80): 2; [80,100) is partly covered and averages over its 20 s.
        Assert.Equal([1.75, 2.0, 2.0], buckets.Averages()[0]);
        Assert.Equal([2.5, 5.0, 5.0], buckets.Averages()[1]);
    }

    [Fact]
    public void Buckets_start_at_the_origin()
    {
        var buckets = new TimelineBuckets(series: 1, origin: 100, initialWidthSeconds: 10, maxBuckets: 8);
        buckets.Add(100, 105, [4.0]);
        buckets.Add(105, 120, [0.0]);

        Assert.Equal([2.0, 0.0], buckets.Averages()[0]);
    }
}
