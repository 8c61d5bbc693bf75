using ClusterOperator.Api;
using ClusterOperator.Api.Model;
using static ClusterOperator.Tests.Integration.OperatorCluster;

namespace ClusterOperator.Tests.Integration;

public sealed class ElasticAndHighAvailabilityTests
{
    // Generous: on a loaded machine a round can take seconds. Where the issue sets a bound, the test checks the
    // server's own timestamps against it instead.
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task An_elastic_run_shrinks_instead_of_stopping_when_reclaimed_and_grows_back_later()
    {
        await using var cluster = await StartAsync(nodes: 1, gpusPerNode: 8);
        var elastic = Workloads.Training("stretchy", "alice", replicas: 1, gpusPerReplica: 1);
        elastic.Spec.Elastic = new ElasticSpec { MinReplicas = 2, MaxReplicas = 8 };
        await cluster.CreateAsync(elastic);
        await EventuallyAsync(() => cluster.GetRunAsync("stretchy"), r => r.Status?.Replicas == 8, Patience, "the elastic run to grow to 8");

        await cluster.CreateAsync(Workloads.Training("guest", "bob", replicas: 1, gpusPerReplica: 4, runSeconds: 3));

        var shrunk = await EventuallyAsync(() => cluster.GetRunAsync("stretchy"), r => r.Status?.Replicas == 4, Patience, "the elastic run to shrink to 4");
        Assert.Equal(TrainingRunPhase.Running, shrunk.Status!.Phase);
        await EventuallyAsync(() => cluster.GetRunAsync("guest"), r => r.Status?.Phase == TrainingRunPhase.Running, Patience, "bob's run to run");

        await EventuallyAsync(() => cluster.GetRunAsync("guest"), r => r.Status?.Phase == TrainingRunPhase.Succeeded, Patience, "bob's run to finish");
        await EventuallyAsync(() => cluster.GetRunAsync("stretchy"), r => r.Status?.Replicas == 8, Patience, "the elastic run to grow back to 8");
    }

    [Fact]
    public async Task A_gang_that_does_not_fit_is_never_partly_bound()
    {
        await using var cluster = await StartAsync(nodes: 2, gpusPerNode: 8);
        await cluster.CreateAsync(Workloads.Training("filler", "alice", replicas: 1, gpusPerReplica: 8));
        await EventuallyAsync(() => cluster.GetRunAsync("filler"), r => r.Status?.Phase == TrainingRunPhase.Running, Patience, "the filler to run");

        // Alice asks for more than the free node: the 3-pod gang of 4 GPUs cannot fit in 8 free GPUs.
        await cluster.CreateAsync(Workloads.Training("wide", "alice", replicas: 3, gpusPerReplica: 4));
        var waiting = await EventuallyAsync(
            () => cluster.GetRunAsync("wide"),
            r => r.Status?.WaitingReason?.Any(char.IsAsciiDigit) == true,
            Patience,
            "the scheduler's waiting reason");
        var pods = await EventuallyAsync(() => cluster.PodsAsync($"{ApiGroup.RunLabel}=wide"), p => p.Count == 3, Patience, "all three pods");

        Assert.All(pods, p => Assert.True(string.IsNullOrEmpty(p.Spec.NodeName), $"{p.Metadata.Name} was bound"));
        Assert.Equal(TrainingRunPhase.Pending, waiting.Status!.Phase);
    }

    [Fact]
    public async Task Of_two_operators_one_leads_and_the_other_takes_over_when_it_dies()
    {
        await using var cluster = await StartAsync();
        cluster.StartOperator();

        var lease = await EventuallyAsync(
            cluster.LeaseAsync,
            l => !string.IsNullOrEmpty(l?.Spec?.HolderIdentity),
            Patience,
            "a leader");
        var first = lease!.Spec.HolderIdentity;
        await cluster.CreateAsync(Workloads.Training("before", "alice", replicas: 1, gpusPerReplica: 1));
        await EventuallyAsync(() => cluster.GetRunAsync("before"), r => r.Status?.Phase == TrainingRunPhase.Running, Patience, "a run under the first leader");

        await cluster.StopOperatorAsync(first);

        var next = await EventuallyAsync(
            cluster.LeaseAsync,
            l => l?.Spec?.HolderIdentity is { } holder && holder != first,
            TimeSpan.FromSeconds(4 + 2),
            "the other operator to take over within the lease duration");
        await cluster.CreateAsync(Workloads.Training("after", "bob", replicas: 1, gpusPerReplica: 1));
        await EventuallyAsync(() => cluster.GetRunAsync("after"), r => r.Status?.Phase == TrainingRunPhase.Running, Patience, "a run under the new leader");
        Assert.NotEqual(first, next!.Spec.HolderIdentity);
    }

    [Fact]
    public async Task A_single_replica_without_leader_election_schedules_and_takes_no_lease()
    {
        await using var cluster = await StartAsync(settings: new Dictionary<string, string?> { ["LeaderElection:Enabled"] = "false" });
        await cluster.CreateAsync(Workloads.Training("solo", "alice", replicas: 1, gpusPerReplica: 2));

        await EventuallyAsync(() => cluster.GetRunAsync("solo"), r => r.Status?.Phase == TrainingRunPhase.Running, Patience, "the run to run");

        Assert.Null(await cluster.LeaseAsync());
    }
}
