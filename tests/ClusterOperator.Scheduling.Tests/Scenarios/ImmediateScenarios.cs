using ClusterOperator.Scheduling.Tests.Builders;
using static ClusterOperator.Scheduling.Tests.Builders.Make;

namespace ClusterOperator.Scheduling.Tests.Scenarios;

/// <summary>Rule 1: pending work that fits is bound in the same plan, in fair-share order. Rule 9: no idle GPU while work could use it.</summary>
public static class ImmediateScenarios
{
    public static IEnumerable<Scenario> All { get; } =
    [
        new("Work that fits is bound in the same plan",
            [Node("n1").Obj()],
            [Workload("alice/a").Gpus(4).Obj()],
            ["bind alice/a 0:n1"]),

        new("Ideas go before training runs",
            [Node("n1", 4).Obj()],
            [Workload("bob/train").Gpus(4).SubmittedAgo(Minutes(20)).Obj(), Workload("alice/idea").Idea().Gpus(2).SubmittedAgo(Minutes(1)).Obj()],
            ["bind alice/idea 0:n1", "wait bob/train OverShare"]),

        new("The owner with less allocated plus decayed usage goes first",
            [Node("n1", 4).Obj()],
            [Workload("alice/a").Gpus(4).SubmittedAgo(Minutes(20)).Obj(), Workload("bob/b").Gpus(4).SubmittedAgo(Minutes(10)).Obj()],
            ["bind bob/b 0:n1", "wait alice/a OverShare"]) { Usage = new() { ["alice"] = 1e6 } },

        new("Equal owners go by submit time",
            [Node("n1", 4).Obj()],
            [Workload("alice/a").Gpus(4).SubmittedAgo(Minutes(10)).Obj(), Workload("bob/b").Gpus(4).SubmittedAgo(Minutes(20)).Obj()],
            ["bind bob/b 0:n1", "wait alice/a OverShare"]),

        new("Complete ties break by owner and id",
            [Node("n1", 4).Obj()],
            [Workload("bob/b").Gpus(4).Obj(), Workload("alice/a").Gpus(4).Obj()],
            ["bind alice/a 0:n1", "wait bob/b OverShare"]),

        new("Each bind re-orders owners by their new allocation",
            [Node("n1", 4).Obj()],
            [Workload("alice/a1").Gpus(2).Obj(), Workload("alice/a2").Gpus(2).Obj(), Workload("bob/b1").Gpus(2).Obj()],
            ["bind alice/a1 0:n1", "bind bob/b1 0:n1", "wait alice/a2 OverShare"]),

        new("Idle GPUs are lent beyond the share when nobody else can use them",
            [Node("n1").Obj()],
            [Workload("alice/a1").Gpus(4).Obj(), Workload("alice/a2").Gpus(2).Obj(), Workload("bob/b").Gpus(4).SubmittedAgo(Minutes(1)).Selector("pool", "none").Obj()],
            ["bind alice/a1 0:n1", "bind alice/a2 0:n1", "wait bob/b Unschedulable"]),

        new("FIFO orders by submit time only, ideas included",
            [Node("n1", 4).Obj()],
            [Workload("bob/train").Gpus(4).SubmittedAgo(Minutes(20)).Obj(), Workload("alice/idea").Idea().Gpus(2).SubmittedAgo(Minutes(1)).Obj()],
            ["bind bob/train 0:n1", "wait alice/idea InsufficientGpus"]) { Policy = SchedulingPolicy.Fifo },

        new("Strict quota never borrows, even onto idle GPUs",
            [Node("n1").Obj()],
            [Workload("alice/a1").Gpus(4).RunningOn("n1").Obj(), Workload("alice/a2").Gpus(4).Obj()],
            ["wait alice/a2 QuotaExceeded"]) { Policy = SchedulingPolicy.StrictQuota, Configure = o => o.Weights["bob"] = 1 },

        new("Without reclaim a within-share run just waits",
            [Node("n1").Obj()],
            [Workload("alice/big").Gpus(8).RunningOn("n1").Obj(), Workload("bob/small").Gpus(4).Obj()],
            ["wait bob/small InsufficientGpus"]) { Policy = SchedulingPolicy.DrfNoPreemption },
    ];
}
