using ClusterOperator.Simulation.Metrics;

namespace ClusterOperator.Simulation.Tests.Metrics;

public sealed class FairnessIndexTests
{
    [Fact]
    public void Jain_is_one_when_everyone_holds_its_share()
    {
        Assert.Equal(1, FairnessIndex.Jain([new(4, 4, 8), new(2, 2, 2), new(6, 6, 10)])!.Value, 12);
    }

    [Fact]
    public void Jain_of_one_owner_holding_twice_its_share_and_one_holding_nothing_is_one_half()
    {
        // x = (2, 0): (2 + 0)² / (2 × (4 + 0)) = 0.5
        Assert.Equal(0.5, FairnessIndex.Jain([new(8, 4, 8), new(0, 4, 4)])!.Value, 12);
    }

    [Fact]
    public void Jain_uses_allocation_over_share_so_unequal_shares_can_still_be_fair()
    {
        // x = (1, 0.5, 1.5): 9 / (3 × 3.5) = 6/7
        Assert.Equal(6.0 / 7, FairnessIndex.Jain([new(6, 6, 6), new(1, 2, 2), new(3, 2, 9)])!.Value, 12);
    }

    [Fact]
    public void Owners_without_demand_or_without_share_do_not_count()
    {
        Assert.Equal(1, FairnessIndex.Jain([new(4, 4, 4), new(0, 4, 0), new(3, 0, 3)])!.Value, 12);
    }

    [Fact]
    public void Jain_is_undefined_when_no_owner_with_demand_holds_anything()
    {
        Assert.Null(FairnessIndex.Jain([new(0, 4, 4), new(0, 4, 4)]));
        Assert.Null(FairnessIndex.Jain([new(0, 0, 0)]));
    }

    [Fact]
    public void Share_deviation_is_the_mean_distance_of_allocation_over_share_from_one()
    {
        // |2 - 1| and |0 - 1| average to 1; |1.5 - 1| and |0.5 - 1| to 0.5.
        Assert.Equal(1, FairnessIndex.ShareDeviation([new(8, 4, 8), new(0, 4, 4)])!.Value, 12);
        Assert.Equal(0.5, FairnessIndex.ShareDeviation([new(6, 4, 8), new(2, 4, 4), new(5, 0, 5)])!.Value, 12);
        Assert.Null(FairnessIndex.ShareDeviation([new(0, 4, 0)]));
    }
}
