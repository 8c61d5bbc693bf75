using ClusterOperator.Scheduling.Tests.Builders;
using static ClusterOperator.Scheduling.Tests.Builders.Make;

namespace ClusterOperator.Scheduling.Tests.Scenarios;

/// <summary>Rule 5: the idea guarantee.</summary>
public static class IdeaScenarios
{
    public static IEnumerable<Scenario> All { get; } =
    [
        new("An idea inside the guarantee reclaims even though its owner is at its share",
            [Node("n1", 10).Obj()],
            [
                Workload("alice/train").Gpus(4).RunningOn("n1").Obj(),
                Workload("bob/b1").Gpus(2).RunningOn("n1").StartedAgo(Minutes(50)).Obj(),
                Workload("bob/b2").Gpus(2).RunningOn("n1").StartedAgo(Minutes(40)).Obj(),
                Workload("bob/b3").Gpus(2).RunningOn("n1").StartedAgo(Minutes(30)).Obj(),
                Workload("alice/idea").Idea().Gpus(2).Obj(),
            ],
            ["evict bob/b3 whole for alice/idea", "reserve alice/idea WithinShare n1:2", "wait alice/idea Reclaiming"]),

        new("Ideas inside the guarantee are never victims",
            [Node("n1", 4).Obj()],
            [Workload("alice/train").Gpus(2).RunningOn("n1").Obj(), Workload("alice/idea").Idea().Gpus(2).RunningOn("n1").StartedAgo(Minutes(10)).Obj(), Workload("bob/b").Gpus(2).Obj()],
            ["evict alice/train whole for bob/b", "reserve bob/b WithinShare n1:2", "wait bob/b Reclaiming"]),

        new("An idea beyond the guarantee is ordinary work",
            [Node("n1", 4).Obj()],
            [Workload("alice/i1").Idea().Gpus(2).RunningOn("n1").Obj(), Workload("bob/b").Gpus(2).RunningOn("n1").Obj(), Workload("bob/b2").Gpus(2).Obj(), Workload("alice/i2").Idea().Gpus(2).Obj()],
            ["wait alice/i2 OverShare", "wait bob/b2 OverShare"]),
    ];
}
