using ClusterOperator.Scheduling;
using ClusterOperator.Scheduling.Tests.Builders;
using static ClusterOperator.Scheduling.Tests.Builders.Make;

namespace ClusterOperator.Scheduling.Tests.Scenarios;

/// <summary>Rules 3, 4 and 8: reclaim for within-share work, victim order, protection, LessThanInitialShare, hysteresis, no loops.</summary>
public static class ReclaimScenarios
{
    private static readonly Reservation BobHeld = new("bob/small", "bob", ReclaimReason.WithinShare, [new ReservedGpus("n1", 4)], Now - Minutes(1), Now + Minutes(1));

    public static IEnumerable<Scenario> All { get; } =
    [
        new("The issue's example: alice's 8-GPU run is evicted whole for bob's 4",
            [Node("n1").Obj()],
            [Workload("alice/big").Gpus(8).RunningOn("n1").Obj(), Workload("bob/small").Gpus(4).Obj()],
            ["evict alice/big whole for bob/small", "reserve bob/small WithinShare n1:4", "wait bob/small Reclaiming"]),

        new("While the victim terminates the reservation holds and nothing more is evicted",
            [Node("n1").Obj()],
            [Workload("alice/big").Gpus(8).RunningOn("n1").Terminating().Obj(), Workload("bob/small").Gpus(4).Obj()],
            ["reserve bob/small WithinShare n1:4", "wait alice/big Terminating", "wait bob/small Reclaiming"]) { Reservations = [BobHeld] },

        new("Once the victim is gone the beneficiary is bound and the victim cannot reclaim back",
            [Node("n1").Obj()],
            [Workload("alice/big").Gpus(8).SubmittedAgo(Minutes(30)).PendingFor(Minutes(1)).Obj(), Workload("bob/small").Gpus(4).Obj()],
            ["bind bob/small 0:n1", "wait alice/big OverShare"]) { Reservations = [BobHeld] },

        new("Decayed usage never denies a within-share run",
            [Node("n1").Obj()],
            [Workload("bob/b1").Gpus(4).RunningOn("n1").Obj(), Workload("bob/b2").Gpus(4).RunningOn("n1").StartedAgo(Minutes(30)).Obj(), Workload("alice/a").Gpus(4).Obj()],
            ["evict bob/b2 whole for alice/a", "reserve alice/a WithinShare n1:4", "wait alice/a Reclaiming"]) { Usage = new() { ["alice"] = 1e9 } },

        new("The owner furthest above its share loses its most recently started run",
            [Node("n1", 13).Obj()],
            [
                Workload("alice/a1").Gpus(2).RunningOn("n1").StartedAgo(Minutes(30)).Obj(),
                Workload("alice/a2").Gpus(2).RunningOn("n1").StartedAgo(Minutes(10)).Obj(),
                Workload("alice/a3").Gpus(2).RunningOn("n1").StartedAgo(Minutes(20)).Obj(),
                Workload("bob/b1").Gpus(5).RunningOn("n1").StartedAgo(Minutes(6)).Obj(),
                Workload("carol/c0").Gpus(2).RunningOn("n1").Obj(),
                Workload("carol/c").Gpus(2).Obj(),
            ],
            ["evict alice/a2 whole for carol/c", "reserve carol/c WithinShare n1:2", "wait carol/c Reclaiming"]),

        new("Elastic runs shrink before whole runs are evicted",
            [Node("n1", 6).Obj()],
            [Workload("alice/el").Elastic(2, 4).RunningOn("n1", "n1", "n1", "n1").Obj(), Workload("alice/fixed").Gpus(2).RunningOn("n1").StartedAgo(Minutes(10)).Obj(), Workload("bob/b").Gpus(2).Obj()],
            ["evict alice/el replicas 2,3 for bob/b", "reserve bob/b WithinShare n1:2", "resize alice/el 4->2", "wait bob/b Reclaiming"]),

        new("A run inside MinRuntime is waited for, not evicted",
            [Node("n1").Obj()],
            [Workload("alice/big").Gpus(8).RunningOn("n1").StartedAgo(Minutes(2)).Obj(), Workload("bob/small").Gpus(4).Obj()],
            ["reserve bob/small WithinShare n1:4", "wait bob/small Reclaiming"]),

        new("A run is evicted as soon as its MinRuntime is over",
            [Node("n1").Obj()],
            [Workload("alice/big").Gpus(8).RunningOn("n1").StartedAgo(Minutes(5)).Obj(), Workload("bob/small").Gpus(4).Obj()],
            ["evict alice/big whole for bob/small", "reserve bob/small WithinShare n1:4", "wait bob/small Reclaiming"]),

        new("An owner inside the hysteresis band is reclaimed from when nobody above it can make room",
            [Node("n1", 20).Obj()],
            [Workload("alice/a").Gpus(11).RunningOn("n1").Obj(), Workload("bob/b1").Gpus(8).RunningOn("n1").Obj(), Workload("bob/b2").Gpus(2).Obj()],
            ["evict alice/a whole for bob/b2", "reserve bob/b2 WithinShare n1:2", "wait bob/b2 Reclaiming"]),

        new("An owner above share × hysteresis is reclaimed from before one inside the band",
            [Node("n1", 30).Obj()],
            [
                Workload("alice/a").Gpus(11).RunningOn("n1").StartedAgo(Minutes(10)).Obj(),
                Workload("carol/c1").Gpus(12).RunningOn("n1").Obj(),
                Workload("carol/c2").Gpus(2).RunningOn("n1").StartedAgo(Minutes(20)).Obj(),
                Workload("bob/b1").Gpus(5).RunningOn("n1").Obj(),
                Workload("bob/b2").Gpus(2).Obj(),
            ],
            ["evict carol/c2 whole for bob/b2", "reserve bob/b2 WithinShare n1:2", "wait bob/b2 Reclaiming"]),

        new("Many owners each slightly above share still make room for within-share work",
            [Node("n1", 44).Obj()],
            [
                Workload("alice/a1").Gpus(4).RunningOn("n1").Obj(),
                Workload("alice/a2").Gpus(4).RunningOn("n1").Obj(),
                Workload("alice/a3").Gpus(4).RunningOn("n1").StartedAgo(Minutes(10)).Obj(),
                Workload("carol/c1").Gpus(4).RunningOn("n1").Obj(),
                Workload("carol/c2").Gpus(4).RunningOn("n1").Obj(),
                Workload("carol/c3").Gpus(4).RunningOn("n1").Obj(),
                Workload("dave/d1").Gpus(4).RunningOn("n1").Obj(),
                Workload("dave/d2").Gpus(4).RunningOn("n1").Obj(),
                Workload("dave/d3").Gpus(4).RunningOn("n1").Obj(),
                Workload("bob/b1").Gpus(8).RunningOn("n1").Obj(),
                Workload("bob/b2").Gpus(2).Obj(),
            ],
            ["evict alice/a3 whole for bob/b2", "reserve bob/b2 WithinShare n1:2", "wait bob/b2 Reclaiming"]),

        new("Fragmented free GPUs: runs on one node move to the free GPUs of the other and the node is reserved",
            [Node("n1").Obj(), Node("n2").Obj()],
            [
                .. Enumerable.Range(0, 8).Select(i => Workload($"alice/a{i}").RunningOn(i < 4 ? "n1" : "n2").Obj()),
                Workload("bob/big").Gpus(8).Obj(),
            ],
            [
                .. Enumerable.Range(0, 4).Select(i => $"evict alice/a{i} whole for bob/big"),
                .. Enumerable.Range(0, 4).Select(i => $"reserve alice/a{i} WithinShare n2:1"),
                "reserve bob/big WithinShare n1:8",
                "wait bob/big Reclaiming",
            ]),

        new("Work that is not within its owner's share never reclaims",
            [Node("n1").Obj()],
            [Workload("alice/a").Gpus(6).RunningOn("n1").Obj(), Workload("bob/b").Gpus(8).Obj()],
            ["wait bob/b OverShare"]),

        new("Victims are only taken where the beneficiary fits",
            [Node("n1").Type("A100").Obj(), Node("n2").Type("T4").Obj()],
            [
                Workload("alice/t4").Gpus(8).RunningOn("n2").Obj(),
                Workload("alice/a100").Gpus(8).RunningOn("n1").Obj(),
                Workload("bob/b").Gpus(4).GpuType("A100").Obj(),
            ],
            ["evict alice/a100 whole for bob/b", "reserve bob/b WithinShare n1:4", "wait bob/b Reclaiming"]),
    ];
}
