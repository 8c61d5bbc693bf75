using ClusterOperator.Scheduling.Tests.Builders;
using static ClusterOperator.Scheduling.Tests.Builders.Make;

namespace ClusterOperator.Scheduling.Tests.Scenarios;

/// <summary>Rule 7: large runs never starve.</summary>
public static class StarvationScenarios
{
    public static IEnumerable<Scenario> All { get; } =
    [
        new("Before the threshold a run bigger than its share only uses free GPUs",
            [Node("n1").Obj(), Node("n2").Obj()],
            [Workload("bob/b1").Gpus(4).RunningOn("n1").Obj(), Workload("bob/b2").Gpus(4).RunningOn("n2").Obj(), Workload("alice/L").Replicas(2).Gpus(8).PendingFor(Minutes(10)).Obj(), Workload("bob/b3").Gpus(4).SubmittedAgo(Minutes(1)).Obj()],
            ["bind bob/b3 0:n1", "wait alice/L OverShare"]),

        new("After the threshold nodes are reserved and nothing new borrows them",
            [Node("n1").Obj(), Node("n2").Obj()],
            [Workload("bob/b1").Gpus(4).RunningOn("n1").Obj(), Workload("bob/b2").Gpus(4).RunningOn("n2").Obj(), Workload("alice/L").Replicas(2).Gpus(8).PendingFor(Minutes(31)).Obj(), Workload("bob/b3").Gpus(4).SubmittedAgo(Minutes(1)).Obj()],
            ["reserve alice/L Starvation n1:8 n2:8", "wait alice/L StarvationReserved", "wait bob/b3 OverShare"]),

        new("Borrowed work on the reserved nodes is reclaimed, never taking the victim below its share",
            [Node("n1").Obj(), Node("n2").Obj()],
            [
                Workload("bob/b1").Gpus(4).RunningOn("n1").Obj(),
                Workload("bob/b2").Gpus(4).RunningOn("n1").StartedAgo(Minutes(50)).Obj(),
                Workload("bob/b3").Gpus(4).RunningOn("n2").StartedAgo(Minutes(40)).Obj(),
                Workload("alice/L").Replicas(2).Gpus(8).PendingFor(Minutes(31)).Obj(),
            ],
            ["evict bob/b3 whole for alice/L", "reserve alice/L Starvation n1:8 n2:8", "wait alice/L StarvationReserved"]),

        new("Two runs bigger than their shares never evict each other",
            [Node("n1").Obj(), Node("n2").Obj()],
            [Workload("alice/L1").Replicas(2).Gpus(8).RunningOn("n1", "n2").Obj(), Workload("carol/L2").Replicas(2).Gpus(8).PendingFor(Minutes(31)).Obj()],
            ["reserve carol/L2 Starvation n1:8 n2:8", "wait carol/L2 StarvationReserved"]),
    ];
}
