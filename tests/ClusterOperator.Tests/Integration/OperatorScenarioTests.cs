using ClusterOperator.Api;
using ClusterOperator.Api.Model;
using k8s;
using static ClusterOperator.Tests.Integration.OperatorCluster;

namespace ClusterOperator.Tests.Integration;

/// <summary>The operator against the sandbox over HTTP: the acceptance scenarios.</summary>
public sealed class OperatorScenarioTests
{
    // Generous: on a loaded machine a round can take seconds. Where the issue sets a bound, the test checks the
    // server's own timestamps against it instead.
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_run_that_fits_is_bound_at_once_and_reports_its_gpus()
    {
        await using var cluster = await StartAsync();
        await cluster.CreateAsync(Workloads.Training("fits", "alice", replicas: 2, gpusPerReplica: 4));

        var run = await EventuallyAsync(() => cluster.GetRunAsync("fits"), r => r.Status?.Phase == TrainingRunPhase.Running, Patience, "the run to run");
        var pods = await cluster.PodsAsync($"{ApiGroup.RunLabel}=fits");

        Assert.Equal(8, run.Status!.AllocatedGpus);
        Assert.Equal(2, run.Status.Replicas);
        Assert.Equal("alice", run.Status.Owner);
        Assert.All(pods, p => Assert.False(string.IsNullOrEmpty(p.Spec.NodeName)));
        Assert.Equal(2, pods.Count);
    }

    [Fact]
    public async Task A_within_share_run_reclaims_gpus_from_an_over_share_owner_within_its_grace()
    {
        await using var cluster = await StartAsync(nodes: 1, gpusPerNode: 8);
        await cluster.CreateAsync(Workloads.Training("big", "alice", replicas: 1, gpusPerReplica: 8, grace: 2));
        await EventuallyAsync(() => cluster.GetRunAsync("big"), r => r.Status?.Phase == TrainingRunPhase.Running, Patience, "alice's run to run");

        await cluster.CreateAsync(Workloads.Training("small", "bob", replicas: 1, gpusPerReplica: 4));

        var small = await EventuallyAsync(() => cluster.GetRunAsync("small"), r => r.Status?.Phase == TrainingRunPhase.Running, Patience, "bob's run to reclaim and run");
        var big = await EventuallyAsync(() => cluster.GetRunAsync("big"), r => r.Status?.Phase == TrainingRunPhase.Pending && r.Status.WaitingReason is not null, Patience, "alice's run to wait");

        // The bound: alice's grace period (2 s) plus 2 s, from bob's creation to his run starting, by the server's clock.
        var waited = small.Status!.StartTime!.Value - small.Metadata.CreationTimestamp!.Value;
        Assert.True(waited <= TimeSpan.FromSeconds(2 + 2), $"bob waited {waited.TotalSeconds:0.0}s");
        Assert.Equal(4, small.Status.AllocatedGpus);
        var preempted = big.Status!.Conditions!.Single(c => c.Type == ConditionTypes.Preempted);
        Assert.Equal("True", preempted.Status);
        Assert.Contains("bob", big.Status.LastPreemption!.Beneficiary, StringComparison.Ordinal);
        Assert.Equal(1, big.Status.Preemptions);
        var events = await cluster.Client.CoreV1.ListNamespacedEventAsync("default", fieldSelector: "involvedObject.name=big");
        Assert.Contains(events.Items, e => e.Reason == "Preempted" && e.Message.Contains("bob", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_spec_the_schema_accepts_but_the_validator_rejects_is_marked_invalid_and_others_still_run()
    {
        await using var cluster = await StartAsync();
        var bad = Workloads.Training("bad", "alice", replicas: 1, gpusPerReplica: 1);
        bad.Spec.Elastic = new ElasticSpec { MinReplicas = 4, MaxReplicas = 2 };
        await cluster.CreateAsync(bad);
        await cluster.CreateAsync(Workloads.Training("good", "bob", replicas: 1, gpusPerReplica: 1));

        var invalid = await EventuallyAsync(() => cluster.GetRunAsync("bad"), r => r.Status?.Conditions?.Any(c => c.Type == ConditionTypes.InvalidSpec) == true, Patience, "the InvalidSpec condition");
        await EventuallyAsync(() => cluster.GetRunAsync("good"), r => r.Status?.Phase == TrainingRunPhase.Running, Patience, "the good run to run");

        var condition = invalid.Status!.Conditions!.Single(c => c.Type == ConditionTypes.InvalidSpec);
        Assert.Contains("minReplicas (4) must not exceed maxReplicas (2)", condition.Message, StringComparison.Ordinal);
        Assert.Empty(await cluster.PodsAsync($"{ApiGroup.RunLabel}=bad"));
    }

    [Fact]
    public async Task A_run_whose_pods_exit_zero_succeeds()
    {
        await using var cluster = await StartAsync();
        await cluster.CreateAsync(Workloads.Training("quick", "alice", replicas: 2, gpusPerReplica: 2, runSeconds: 1));

        var run = await EventuallyAsync(() => cluster.GetRunAsync("quick"), r => r.Status?.Phase == TrainingRunPhase.Succeeded, Patience, "the run to succeed");

        Assert.NotNull(run.Status!.CompletionTime);
        Assert.Equal(0, run.Status.AllocatedGpus);
    }

    [Fact]
    public async Task A_failing_gang_restarts_up_to_its_backoff_limit_then_fails()
    {
        await using var cluster = await StartAsync();
        var failing = Workloads.Training("flaky", "alice", replicas: 2, gpusPerReplica: 1, runSeconds: 1, exitCode: 3);
        failing.Spec.BackoffLimit = 1;
        await cluster.CreateAsync(failing);

        var run = await EventuallyAsync(() => cluster.GetRunAsync("flaky"), r => r.Status?.Phase == TrainingRunPhase.Failed, TimeSpan.FromSeconds(30), "the run to fail");

        Assert.Equal(1, run.Status!.Restarts);
        Assert.Equal("BackoffLimitExceeded", run.Status.Conditions!.Single(c => c.Type == ConditionTypes.Finished).Reason);
    }

    [Fact]
    public async Task An_idea_with_variants_succeeds_and_is_promoted()
    {
        await using var cluster = await StartAsync();
        var idea = Workloads.Idea("sweep", "carol", 1, "a", "b");
        idea.Spec.Promotion = new PromotionSpec { Variant = "b", Replicas = 2, GpusPerReplica = 2 };
        await cluster.CreateAsync(idea);

        var done = await EventuallyAsync(() => cluster.GetIdeaAsync("sweep"), i => i.Status?.PromotedTo is not null, Patience, "the idea to be promoted");
        var promoted = await EventuallyAsync(() => cluster.GetRunAsync("sweep-b"), r => r.Status?.Phase is not null, Patience, "the promoted run");

        Assert.Equal(IdeaPhase.Succeeded, done.Status!.Phase);
        Assert.All(done.Status.Variants!, v => Assert.Equal(IdeaPhase.Succeeded, v.Phase));
        Assert.Equal("carol", promoted.Spec.Owner);
        Assert.Equal(2, promoted.Spec.Replicas);
    }

    [Fact]
    public async Task A_restarted_operator_creates_no_duplicate_pods_and_loses_no_run()
    {
        await using var cluster = await StartAsync();
        await cluster.CreateAsync(Workloads.Training("steady", "alice", replicas: 3, gpusPerReplica: 2));
        await EventuallyAsync(() => cluster.GetRunAsync("steady"), r => r.Status?.Phase == TrainingRunPhase.Running, Patience, "the run to run");
        var before = await cluster.PodsAsync($"{ApiGroup.RunLabel}=steady");

        await cluster.StopOperatorAsync();
        await cluster.CreateAsync(Workloads.Training("while-down", "bob", replicas: 1, gpusPerReplica: 1));
        cluster.StartOperator();

        await EventuallyAsync(() => cluster.GetRunAsync("while-down"), r => r.Status?.Phase == TrainingRunPhase.Running, Patience, "the run created while the operator was down");
        var after = await cluster.PodsAsync($"{ApiGroup.RunLabel}=steady");

        Assert.Equal(before.Select(p => p.Metadata.Uid).Order(), after.Select(p => p.Metadata.Uid).Order());
        Assert.Equal((await cluster.GetRunAsync("steady")).Status!.Phase, TrainingRunPhase.Running);
    }
}
