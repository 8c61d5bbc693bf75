using ClusterOperator.Api;
using ClusterOperator.Api.Model;
using static ClusterOperator.Tests.Integration.OperatorCluster;

namespace ClusterOperator.Tests.Integration;

/// <summary>The operator against the sandbox: time limits, a lost node, and templates that reach into the node.</summary>
public sealed class LimitsAndNodeFailureTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_run_past_its_max_runtime_fails_with_reason_MaxRuntimeExceeded()
    {
        await using var cluster = await StartAsync();
        var run = Workloads.Training("slow", "alice", replicas: 1, gpusPerReplica: 1, runSeconds: 600);
        run.Spec.MaxRuntime = "2s";
        await cluster.CreateAsync(run);

        var failed = await EventuallyAsync(() => cluster.GetRunAsync("slow"), r => r.Status?.Phase == TrainingRunPhase.Failed, Patience, "the run to fail");

        var finished = failed.Status!.Conditions!.Single(c => c.Type == ConditionTypes.Finished);
        Assert.Equal("MaxRuntimeExceeded", finished.Reason);
        Assert.Contains("maxRuntime of 2s", finished.Message, StringComparison.Ordinal);
        Assert.Equal(0, failed.Status.Restarts);
    }

    [Fact]
    public async Task An_idea_past_its_max_duration_times_out()
    {
        await using var cluster = await StartAsync();
        var idea = Workloads.Idea("endless", "carol", 600, "a");
        idea.Spec.MaxDuration = "2s";
        await cluster.CreateAsync(idea);

        var done = await EventuallyAsync(() => cluster.GetIdeaAsync("endless"), i => i.Status?.Phase is IdeaPhase.TimedOut, Patience, "the idea to time out");

        Assert.Equal(IdeaPhase.TimedOut, Assert.Single(done.Status!.Variants!).Phase);
        Assert.NotNull(done.Status.CompletionTime);
    }

    [Fact]
    public async Task A_gang_on_a_node_that_goes_NotReady_is_replaced_elsewhere_without_a_restart()
    {
        await using var cluster = await StartAsync(nodes: 2, gpusPerNode: 8, settings: new Dictionary<string, string?> { ["Operator:NodeLostAfter"] = "1s" });
        await cluster.CreateAsync(Workloads.Training("sturdy", "alice", replicas: 2, gpusPerReplica: 4));
        await EventuallyAsync(() => cluster.GetRunAsync("sturdy"), r => r.Status?.Phase == TrainingRunPhase.Running, Patience, "the run to run");
        var before = await cluster.PodsAsync($"{ApiGroup.RunLabel}=sturdy");
        var lostNode = before[0].Spec.NodeName;

        cluster.Sandbox.SetNodeReady(lostNode, false);

        var after = await EventuallyAsync(
            () => cluster.PodsAsync($"{ApiGroup.RunLabel}=sturdy"),
            pods => pods.Count == 2 && pods.All(p => p.Status?.Phase == "Running" && p.Spec.NodeName != lostNode),
            Patience,
            "the gang to run again away from the lost node");
        var run = await EventuallyAsync(() => cluster.GetRunAsync("sturdy"), r => r.Status?.Phase == TrainingRunPhase.Running, Patience, "the run to report running");

        Assert.Empty(after.Select(p => p.Metadata.Uid).Intersect(before.Select(p => p.Metadata.Uid)));
        Assert.Equal(0, run.Status!.Restarts);
        Assert.Equal(8, run.Status.AllocatedGpus);
    }

    [Fact]
    public async Task A_privileged_template_is_refused_unless_the_operator_allows_it()
    {
        await using var cluster = await StartAsync();
        var run = Workloads.Training("root", "alice", replicas: 1, gpusPerReplica: 1);
        run.Spec.Template.Spec.HostNetwork = true;
        await cluster.CreateAsync(run);

        var refused = await EventuallyAsync(() => cluster.GetRunAsync("root"), r => r.Status?.Conditions?.Any(c => c.Type == ConditionTypes.InvalidSpec) == true, Patience, "the InvalidSpec condition");

        Assert.Contains("spec.template.spec.hostNetwork: is refused", refused.Status!.Conditions!.Single(c => c.Type == ConditionTypes.InvalidSpec).Message, StringComparison.Ordinal);
        Assert.Empty(await cluster.PodsAsync($"{ApiGroup.RunLabel}=root"));
    }

    [Fact]
    public async Task A_privileged_template_runs_where_the_operator_allows_it()
    {
        await using var cluster = await StartAsync(settings: new Dictionary<string, string?> { ["Security:AllowPrivilegedPods"] = "true" });
        var run = Workloads.Training("trusted", "alice", replicas: 1, gpusPerReplica: 1);
        run.Spec.Template.Spec.Containers[0].SecurityContext = new k8s.Models.V1SecurityContext { Privileged = true };
        await cluster.CreateAsync(run);

        var running = await EventuallyAsync(() => cluster.GetRunAsync("trusted"), r => r.Status?.Phase == TrainingRunPhase.Running, Patience, "the run to run");

        Assert.DoesNotContain(running.Status!.Conditions!, c => c.Type == ConditionTypes.InvalidSpec);
    }
}
