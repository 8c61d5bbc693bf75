using ClusterOperator.Simulation.Metrics;

namespace ClusterOperator.Simulation.Tests.Metrics;

public sealed class PercentilesTests
{
    private static readonly double[] OneToTen = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];

    [Theory]
    [InlineData(50, 5)]
    [InlineData(99, 10)]
    [InlineData(10, 1)]
    [InlineData(11, 2)]
    [InlineData(100, 10)]
    public void Nearest_rank_takes_the_smallest_sample_covering_the_percent(double percent, double expected)
    {
        Assert.Equal(expected, Percentiles.NearestRank(OneToTen, percent));
    }

    [Fact]
    public void Nearest_rank_of_one_sample_is_that_sample_and_of_none_is_zero()
    {
        Assert.Equal(3, Percentiles.NearestRank([3.0], 99));
        Assert.Equal(0, Percentiles.NearestRank([], 50));
    }
}
