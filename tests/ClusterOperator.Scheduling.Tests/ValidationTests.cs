using ClusterOperator.Scheduling.Tests.Builders;
using Xunit;
using static ClusterOperator.Scheduling.Tests.Builders.Make;

namespace ClusterOperator.Scheduling.Tests;

/// <summary>Invalid snapshots produce clear errors and never corrupt the other decisions.</summary>
public sealed class ValidationTests
{
    public static TheoryData<string, Workload, string> InvalidWorkloads => new()
    {
        { "workload alice/a", Workload("alice/a").Replicas(0).Obj(), "replicas 0 must be at least 1" },
        { "workload alice/a", Workload("alice/a").Gpus(-1).Obj(), "GPUs per replica -1 must not be negative" },
        { "workload alice/a", Workload("alice/a").Elastic(3, 2).Obj(), "minReplicas 3 must be between 1 and replicas 2" },
        { "workload alice/a", Workload("alice/a").Grace(TimeSpan.FromSeconds(-1)).Obj(), "grace period -00:00:01 must not be negative" },
        { "workload alice/a", Workload("alice/a").Idea().Elastic(1, 2).Obj(), "an idea cannot be elastic" },
        { "workload alice/a", Workload("alice/a").Idea().Replicas(2).Gpus(8).Obj(), "an idea may use at most 8 GPUs (IdeaMaxGpus) but this one asks for 16" },
        { "workload alice/a", Workload("alice/a").Owner(string.Empty).Obj(), "the workload has no owner" },
        { "workload alice/a", Workload("alice/a").Pod(1, "n1").Obj(), "pod index 1 is outside 0..0" },
        { "workload alice/a", Workload("alice/a").Replicas(2).Pod(0, "n1").Pod(0, "n2").Obj(), "pod index 0 is listed twice" },
        { "workload alice/a", Workload("alice/a").Pod(0, "n9").Obj(), "pod 0 is bound to unknown node n9" },
        { "workload #0", Workload(string.Empty).Owner("alice").Obj(), "the workload has no id" },
        { "workload alice/a", Workload("alice/a").Replicas(100_000).Gpus(100_000).Obj(), "100000 replicas × 100000 GPUs is more than any cluster holds" },
    };

    [Theory]
    [MemberData(nameof(InvalidWorkloads))]
    public void An_invalid_workload_is_reported_and_left_out(string subject, Workload invalid, string message)
    {
        var valid = Workload("bob/b").Gpus(4).Obj();

        var plan = Scheduler.Plan(Snapshot([Node("n1").Obj(), Node("n2").Obj()], [invalid, valid]));

        Assert.Equal([new SnapshotError(subject, message)], plan.Errors);
        Assert.Equal(["bind bob/b 0:n1"], PlanSummary.Lines(plan));
    }

    [Fact]
    public void Nodes_with_negative_GPUs_or_duplicate_names_are_reported_and_left_out()
    {
        var plan = Scheduler.Plan(Snapshot(
            [Node("bad", -8).Obj(), Node("foreign").Foreign(-1).Obj(), Node("n1", 2).Obj(), Node("n1", 8).Obj(), Node(string.Empty).Obj()],
            [Workload("alice/a").Gpus(2).Obj()]));

        Assert.Equal(
            [
                new SnapshotError("node #4", "the node has no name"),
                new SnapshotError("node bad", "allocatable GPUs -8 must not be negative"),
                new SnapshotError("node foreign", "foreign GPUs -1 must not be negative"),
                new SnapshotError("node n1", "another node has the same name; only the first one is planned"),
            ],
            plan.Errors);
        Assert.Equal(["bind alice/a 0:n1"], PlanSummary.Lines(plan));
    }

    [Fact]
    public void Duplicate_workload_ids_plan_only_the_first()
    {
        var plan = Scheduler.Plan(Snapshot([Node("n1").Obj()], [Workload("alice/a").Gpus(2).Obj(), Workload("alice/a").Gpus(4).Obj()]));

        Assert.Equal([new SnapshotError("workload alice/a", "another workload has the same id; only the first one is planned")], plan.Errors);
        Assert.Equal(["bind alice/a 0:n1"], PlanSummary.Lines(plan));
        Assert.Equal(2, plan.OwnerShares.Single().AllocatedGpus);
    }

    [Fact]
    public void Pods_of_an_invalid_workload_keep_their_GPUs_occupied()
    {
        var broken = Workload("alice/broken").Gpus(4).Replicas(2).Pod(0, "n1").Pod(0, "n1").Obj();

        var plan = Scheduler.Plan(Snapshot([Node("n1").Obj(), Node("n2").Obj()], [broken, Workload("bob/b").Gpus(8).Obj()]));

        Assert.Single(plan.Errors);
        Assert.Equal(["bind bob/b 0:n2"], PlanSummary.Lines(plan));
    }

    [Fact]
    public void Invalid_options_weights_and_usage_fall_back_to_defaults()
    {
        var options = new FairShareOptions { ReclaimHysteresis = 0.5, MinRuntime = TimeSpan.FromMinutes(-1), IdeaGuaranteeGpus = -2, Weights = { ["alice"] = -1 } };
        var snapshot = Snapshot([Node("n1").Obj()], [Workload("alice/big").Gpus(8).RunningOn("n1").StartedAgo(Minutes(2)).Obj(), Workload("bob/small").Gpus(4).Obj()], options) with
        {
            OwnerUsage = new Dictionary<string, double> { ["bob"] = double.NaN },
        };

        var plan = Scheduler.Plan(snapshot);

        Assert.Equal(
            [
                new SnapshotError("options MinRuntime", "-00:01:00 must not be negative; the default 00:05:00 is used"),
                new SnapshotError("options IdeaGuaranteeGpus", "-2 must not be negative; the default 2 is used"),
                new SnapshotError("options ReclaimHysteresis", "0.5 must be a number ≥ 1; the default 1.1 is used"),
                new SnapshotError("options Weights:alice", "weight -1 must be a positive number; weight 1 is used"),
                new SnapshotError("usage bob", "decayed usage NaN must be a non-negative number; 0 is used"),
            ],
            plan.Errors);

        // The default MinRuntime (5m) protects alice's 2-minute-old run: bob waits with a reservation, nothing is evicted.
        Assert.Equal(["reserve bob/small WithinShare n1:4", "wait bob/small Reclaiming"], PlanSummary.Lines(plan));
    }

    [Fact]
    public void Malformed_reservations_are_reported_and_stale_ones_end_silently()
    {
        var snapshot = Snapshot([Node("n1").Obj()], [Workload("bob/b").Gpus(8).Obj()]) with
        {
            Reservations =
            [
                new Reservation(string.Empty, "bob", ReclaimReason.WithinShare, [new ReservedGpus("n1", 8)], Now, null),
                new Reservation("gone/workload", "gone", ReclaimReason.WithinShare, [new ReservedGpus("n1", 8)], Now, null),
                new Reservation("bob/b", "bob", ReclaimReason.WithinShare, [new ReservedGpus("n1", -3), new ReservedGpus("n7", 2)], Now, null),
            ],
        };

        var plan = Scheduler.Plan(snapshot);

        Assert.Equal(
            [
                new SnapshotError("reservation", "the reservation names no beneficiary; it is dropped"),
                new SnapshotError("reservation bob/b", "-3 GPUs on node n1 must not be negative; the entry is dropped"),
            ],
            plan.Errors);
        Assert.Equal(["bind bob/b 0:n1"], PlanSummary.Lines(plan));
    }
}
