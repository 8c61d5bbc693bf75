using ClusterOperator.Scheduling.Tests.Builders;
using ClusterOperator.Scheduling.Tests.Properties;
using Xunit;

namespace ClusterOperator.Scheduling.Tests;

/// <summary>Reclaim as the operator sees it: rounds of Plan, with victims' pods disappearing after their grace period.</summary>
public sealed class ReclaimOverRoundsTests
{
    private static readonly TimeSpan Round = TimeSpan.FromSeconds(10);

    private static readonly Node[] OneNode = [new Node { Name = "n1", Gpus = 8 }];

    [Fact]
    public void The_issue_example_binds_bob_within_grace_plus_one_round_and_alice_never_reclaims_back()
    {
        var spec = new ClusterSpec(OneNode, [Job("alice/long", 1, 8, submit: 0), Job("bob/small", 1, 4, submit: 3, grace: 30)]);
        var cluster = new SimulatedCluster(spec, new FairShareOptions { MinRuntime = TimeSpan.Zero }, SchedulingPolicy.FairShare, Round);

        var rounds = Enumerable.Range(0, 60).Select(_ => cluster.Step()).ToList();

        var bound = rounds.FindIndex(r => r.Plan.Binds.Any(b => b.WorkloadId == "bob/small"));
        Assert.InRange(bound, 3, 3 + 3 + 1);
        var eviction = Assert.Single(rounds.SelectMany(r => r.Plan.Evictions));
        Assert.Equal(("alice/long", "bob"), (eviction.WorkloadId, eviction.BeneficiaryOwner));
        Assert.Equal(WaitingCode.OverShare, rounds[^1].Plan.Waiting["alice/long"].Code);
    }

    [Fact]
    public void A_within_share_run_waits_at_most_MinRuntime_plus_grace_plus_one_round()
    {
        var spec = new ClusterSpec(OneNode, [Job("alice/long", 1, 8, submit: 0, grace: 20), Job("bob/small", 1, 4, submit: 1)]);
        var cluster = new SimulatedCluster(spec, new FairShareOptions { MinRuntime = TimeSpan.FromMinutes(1) }, SchedulingPolicy.FairShare, Round);

        var rounds = Enumerable.Range(0, 30).Select(_ => cluster.Step()).ToList();

        var bound = rounds.FindIndex(r => r.Plan.Binds.Any(b => b.WorkloadId == "bob/small"));
        Assert.True(rounds[bound].Snapshot.Now - rounds[1].Snapshot.Now <= TimeSpan.FromMinutes(1) + TimeSpan.FromSeconds(20) + Round);
        Assert.All(rounds.Take(6), r => Assert.Empty(r.Plan.Evictions));
    }

    [Fact]
    public void An_elastic_run_shrinks_instead_of_dying_and_grows_back_when_GPUs_free_up()
    {
        var spec = new ClusterSpec(OneNode, [Job("alice/elastic", 8, 1, submit: 0, min: 2), Job("bob/short", 1, 4, submit: 10, duration: 10)]);
        var cluster = new SimulatedCluster(spec, new FairShareOptions { MinRuntime = TimeSpan.Zero }, SchedulingPolicy.FairShare, Round);

        var rounds = Enumerable.Range(0, 40).Select(_ => cluster.Step()).ToList();

        Assert.Equal(new Resize("alice/elastic", 0, 8), Assert.Single(rounds[0].Plan.Resizes));
        var shrink = Assert.Single(rounds.SelectMany(r => r.Plan.Evictions));
        Assert.False(shrink.WholeWorkload);
        Assert.Equal([4, 5, 6, 7], shrink.PodIndices.Order());
        var resizes = rounds.SelectMany(r => r.Plan.Resizes).ToList();
        Assert.Equal([new Resize("alice/elastic", 0, 8), new Resize("alice/elastic", 8, 4), new Resize("alice/elastic", 4, 8)], resizes);
    }

    [Fact]
    public void Fragmented_free_GPUs_are_defragmented_for_a_within_share_gang_and_the_moved_runs_rebind_at_once()
    {
        Node[] nodes = [new Node { Name = "n1", Gpus = 8 }, new Node { Name = "n2", Gpus = 8 }];

        // Zed's short run shares n1 with alice's first four runs, so when it ends 4 GPUs are free on each node.
        var alice = Enumerable.Range(0, 8).Select(i => Job($"alice/a{i}", 1, 1, submit: i < 4 ? 0 : 1, grace: 20));
        var spec = new ClusterSpec(nodes, [.. alice, Job("zed/short", 1, 4, submit: 0, duration: 2), Job("bob/big", 1, 8, submit: 3)]);
        var cluster = new SimulatedCluster(spec, new FairShareOptions { MinRuntime = TimeSpan.Zero }, SchedulingPolicy.FairShare, Round);

        var rounds = Enumerable.Range(0, 12).Select(_ => cluster.Step()).ToList();

        Assert.Equal(WaitingCode.Reclaiming, rounds[3].Plan.Waiting["bob/big"].Code);
        var bound = rounds.FindIndex(r => r.Plan.Binds.Any(b => b.WorkloadId == "bob/big"));
        Assert.True(bound > 3 && rounds[bound].Snapshot.Now - rounds[3].Snapshot.Now <= TimeSpan.FromSeconds(20) + Round, $"bob/big bound in round {bound}");
        Assert.Equal(4, rounds.Sum(r => r.Plan.Evictions.Count));
        var last = rounds[^1].Plan;
        Assert.Empty(last.Waiting);
        Assert.Equal(8, last.OwnerShares.Single(s => s.Owner == "alice").AllocatedGpus);
    }

    private static JobSpec Job(string id, int replicas, int gpus, int submit, int? duration = null, int grace = 0, int? min = null) =>
        new(id, id.Split('/')[0], WorkloadKind.Training, replicas, min, gpus, submit, duration, grace, null);
}
