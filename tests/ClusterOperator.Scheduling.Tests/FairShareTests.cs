using ClusterOperator.Scheduling.Planning;
using CsCheck;
using Xunit;
using static ClusterOperator.Scheduling.Tests.Builders.Make;

namespace ClusterOperator.Scheduling.Tests;

/// <summary>Rule 2: two-level, weighted, demand-capped water-filling per GPU type.</summary>
public sealed class FairShareTests
{
    [Fact]
    public void Owners_with_equal_demand_get_equal_shares()
    {
        var plan = Scheduler.Plan(Snapshot([Node("n1", 12).Obj()], [Workload("alice/a").Gpus(8).Obj(), Workload("bob/b").Gpus(8).Obj(), Workload("carol/c").Gpus(8).Obj()]));

        Assert.Equal([4.0, 4.0, 4.0], [plan.OwnerShareGpus("alice"), plan.OwnerShareGpus("bob"), plan.OwnerShareGpus("carol")]);
    }

    [Fact]
    public void No_share_exceeds_its_demand_and_leftovers_are_redistributed()
    {
        var plan = Scheduler.Plan(Snapshot([Node("n1", 12).Obj()], [Workload("alice/a").Gpus(2).Obj(), Workload("bob/b").Gpus(8).Obj(), Workload("carol/c").Gpus(8).Obj()]));

        Assert.Equal([2.0, 5.0, 5.0], [plan.OwnerShareGpus("alice"), plan.OwnerShareGpus("bob"), plan.OwnerShareGpus("carol")]);
    }

    [Fact]
    public void Weights_divide_capacity_in_proportion()
    {
        var options = new FairShareOptions { Weights = { ["alice"] = 2 } };

        var plan = Scheduler.Plan(Snapshot([Node("n1", 12).Obj()], [Workload("alice/a").Gpus(12).Obj(), Workload("bob/b").Gpus(12).Obj()], options));

        Assert.Equal(8.0, plan.OwnerShareGpus("alice"), 9);
        Assert.Equal(4.0, plan.OwnerShareGpus("bob"), 9);
    }

    [Fact]
    public void Each_GPU_type_is_divided_separately()
    {
        var plan = Scheduler.Plan(Snapshot(
            [Node("a1").Type("A100").Obj(), Node("t1").Type("T4").Obj()],
            [Workload("alice/a").Gpus(8).GpuType("A100").Obj(), Workload("alice/t").Gpus(8).GpuType("T4").Obj(), Workload("bob/a").Gpus(8).GpuType("A100").Obj()]));

        var alice = plan.OwnerShares.Where(s => s.Owner == "alice").ToDictionary(s => s.GpuType!, s => s.ShareGpus);
        Assert.Equal(4.0, alice["A100"]);
        Assert.Equal(8.0, alice["T4"]);
        Assert.Equal(4.0, plan.OwnerShareGpus("bob"));
    }

    [Fact]
    public void An_owners_share_is_divided_equally_among_its_runs_capped_by_demand()
    {
        var plan = Scheduler.Plan(Snapshot([Node("n1").Obj()], [Workload("alice/small").Gpus(2).Obj(), Workload("alice/large").Gpus(8).Obj()]));

        Assert.Equal(2.0, plan.WorkloadShares["alice/small"]);
        Assert.Equal(6.0, plan.WorkloadShares["alice/large"]);
    }

    [Fact]
    public void Idea_demand_up_to_the_guarantee_is_a_floor()
    {
        var plan = Scheduler.Plan(Snapshot(
            [Node("n1", 4).Obj()],
            [Workload("alice/idea").Idea().Gpus(2).Obj(), Workload("bob/b").Gpus(4).Obj(), Workload("carol/c").Gpus(4).Obj(), Workload("dave/d").Gpus(4).Obj()]));

        Assert.Equal(2.0, plan.OwnerShareGpus("alice"), 9);
        Assert.Equal(2.0 / 3, plan.OwnerShareGpus("bob"), 9);
    }

    [Fact]
    public void Work_no_node_could_hold_is_not_demand()
    {
        var plan = Scheduler.Plan(Snapshot([Node("n1").Obj()], [Workload("alice/h100").GpuType("H100").Obj(), Workload("bob/b").Gpus(8).Obj()]));

        Assert.Equal(0.0, plan.OwnerShareGpus("alice"));
        Assert.Equal(8.0, plan.OwnerShareGpus("bob"));
    }

    [Fact]
    public void Elastic_runs_demand_their_maximum()
    {
        var plan = Scheduler.Plan(Snapshot([Node("n1", 16).Obj()], [Workload("alice/el").Elastic(1, 12).Obj(), Workload("bob/b").Gpus(16).Obj()]));

        Assert.Equal(12.0, plan.OwnerShares.Single(s => s.Owner == "alice").DemandGpus);
        Assert.Equal(8.0, plan.OwnerShareGpus("alice"));
    }

    [Fact]
    public void Equal_division_matches_water_filling_with_unit_weights()
    {
        Gen.Select(Gen.Double[0, 60], Gen.Double[0, 20].Array[1, 12]).Sample((capacity, demand) =>
        {
            var general = WaterFilling.Divide(capacity, demand, [.. demand.Select(_ => 1.0)], [.. demand.Select(_ => 0.0)]);

            Assert.Equal(general, WaterFilling.DivideEqually(capacity, demand), (a, b) => Math.Abs(a - b) < 1e-9);
        });
    }

    [Fact]
    public void Water_filling_is_weighted_max_min_fair()
    {
        var claims = Gen.Select(Gen.Double[0, 20], Gen.Double[0.25, 4], Gen.Double[0, 3]).Array[1, 8];
        Gen.Select(Gen.Double[0, 60], claims).Sample((capacity, c) =>
        {
            var demand = c.Select(x => x.Item1).ToList();
            var weight = c.Select(x => x.Item2).ToList();
            var floor = c.Select(x => Math.Min(x.Item3, x.Item1)).ToList();

            var shares = WaterFilling.Divide(capacity, demand, weight, floor);

            Assert.Equal(Math.Min(capacity, demand.Sum()), shares.Sum(), 6);
            for (var i = 0; i < shares.Length; i++)
            {
                Assert.InRange(shares[i], 0, demand[i] + 1e-9);
                if (floor.Sum() <= capacity)
                {
                    Assert.True(shares[i] >= floor[i] - 1e-9, "floors hold when they fit");
                }

                for (var j = 0; j < shares.Length; j++)
                {
                    // Whoever is short of its demand has at least the weighted level of anyone above its floor.
                    if (shares[i] < demand[i] - 1e-6 && shares[j] > floor[j] + 1e-6 && floor.Sum() <= capacity)
                    {
                        Assert.True(shares[i] / weight[i] >= (shares[j] / weight[j]) - 1e-6, $"claimant {i} is short while {j} has more per weight");
                    }
                }
            }
        });
    }
}
