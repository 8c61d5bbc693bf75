using ClusterOperator.Api;
using ClusterOperator.Api.Model;
using ClusterOperator.Controllers;
using ClusterOperator.Controllers.Ideas;
using ClusterOperator.Workloads;
using k8s.Models;
using static ClusterOperator.Tests.Controllers.TestRuns;

namespace ClusterOperator.Tests.Controllers;

public sealed class IdeaLifecycleTests
{
    private static readonly SchedulingView Scheduling = new("carol", 4, "needs 1 GPU, 0 free");
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(30);

    private static IdeaExperiment Idea(params string[] variants) => new()
    {
        Metadata = new V1ObjectMeta { Name = "sweep", NamespaceProperty = "lab", Uid = "u", Generation = 1 },
        Spec = new IdeaExperimentSpec
        {
            Variants = variants.Length == 0 ? null : [.. variants.Select(v => new IdeaVariant { Name = v, Args = ["--v=" + v] })],
            Template = Run().Spec.Template,
        },
    };

    private static IdeaDecision Decide(IdeaExperiment idea, params V1Pod[] pods) =>
        IdeaLifecycle.Decide(idea, pods, Scheduling, Limit, node => node == "lost-node", Now);

    private static V1Pod Pod(IdeaExperiment idea, string variant) => IdeaPods.Build(idea, variant, Limit);

    [Fact]
    public void Every_variant_gets_a_pod_and_waits_with_the_schedulers_reason()
    {
        var decision = Decide(Idea("a", "b"));

        Assert.Equal(["a", "b"], decision.CreatePods);
        Assert.Equal(IdeaPhase.Pending, decision.Status.Phase);
        Assert.Equal("needs 1 GPU, 0 free", decision.Status.WaitingReason);
    }

    [Fact]
    public void A_variant_running_past_its_deadline_times_out_and_its_pod_stops()
    {
        var idea = Idea("a");
        idea.Status = new IdeaExperimentStatus { Variants = [new VariantStatus { Name = "a", Phase = IdeaPhase.Running, StartTime = Now.AddMinutes(-31).UtcDateTime }] };

        var decision = Decide(idea, Pod(idea, "a").BoundTo("n1"));

        Assert.Equal(IdeaPhase.TimedOut, decision.Status.Phase);
        Assert.Equal("sweep-a", Assert.Single(decision.DeletePods).Metadata.Name);
        Assert.Empty(decision.CreatePods);
    }

    [Fact]
    public void An_evicted_variant_whose_pod_exits_143_while_terminating_waits_to_run_again()
    {
        var idea = Idea("a");
        idea.Status = new IdeaExperimentStatus { Variants = [new VariantStatus { Name = "a", Phase = IdeaPhase.Running, StartTime = Now.UtcDateTime }] };

        var decision = Decide(idea, Pod(idea, "a").BoundTo("n1").Exited(143).Terminating());

        Assert.Equal(IdeaPhase.Pending, decision.Status.Phase);
        Assert.Equal(IdeaPhase.Pending, Assert.Single(decision.Status.Variants!).Phase);
        Assert.Empty(decision.CreatePods);
    }

    [Fact]
    public void A_timed_out_variant_is_not_run_again_once_its_pod_is_gone()
    {
        var idea = Idea("a", "b");
        idea.Status = new IdeaExperimentStatus { Variants = [new VariantStatus { Name = "a", Phase = IdeaPhase.TimedOut }] };

        var decision = Decide(idea, Pod(idea, "b").BoundTo("n1"));

        Assert.Empty(decision.CreatePods);
        Assert.Equal(IdeaPhase.Running, decision.Status.Phase);
        Assert.Equal(TimeSpan.FromMinutes(30), decision.RequeueAfter);
    }

    [Fact]
    public void Success_of_every_variant_promotes_the_chosen_one_to_a_training_run()
    {
        var idea = Idea("a", "b");
        idea.Spec.Promotion = new PromotionSpec { Variant = "b", Replicas = 4, GpusPerReplica = 8 };

        var decision = Decide(idea, Pod(idea, "a").BoundTo("n1").Exited(0), Pod(idea, "b").BoundTo("n1").Exited(0));

        Assert.Equal(IdeaPhase.Succeeded, decision.Status.Phase);
        var run = decision.Promotion!;
        Assert.Equal("sweep-b", run.Metadata.Name);
        Assert.Equal("carol", run.Spec.Owner);
        Assert.Equal(4, run.Spec.Replicas);
        Assert.Equal(["--v=b"], run.Spec.Template.Spec.Containers[0].Args);
        Assert.False(run.Spec.Template.Spec.Containers[0].Resources?.Limits?.ContainsKey(ApiGroup.GpuResource) ?? false);
    }

    [Fact]
    public void The_promote_annotation_promotes_a_succeeded_variant_even_when_another_failed()
    {
        var idea = Idea("a", "b");
        idea.Metadata.Annotations = new Dictionary<string, string> { [ApiGroup.PromoteAnnotation] = "a" };

        var decision = Decide(idea, Pod(idea, "a").BoundTo("n1").Exited(0), Pod(idea, "b").BoundTo("n1").Exited(3));

        Assert.Equal(IdeaPhase.Failed, decision.Status.Phase);
        Assert.Equal("sweep-a", decision.Promotion!.Metadata.Name);
    }

    [Fact]
    public void An_experiment_already_promoted_is_not_promoted_again()
    {
        var idea = Idea();
        idea.Spec.Promotion = new PromotionSpec();
        idea.Status = new IdeaExperimentStatus { PromotedTo = "sweep-main" };

        Assert.Null(Decide(idea, Pod(idea, "main").BoundTo("n1").Exited(0)).Promotion);
    }

    [Fact]
    public void A_variant_lost_with_its_node_goes_back_to_pending()
    {
        var idea = Idea("a");
        var decision = Decide(idea, Pod(idea, "a").BoundTo("lost-node"));

        Assert.Equal(IdeaPhase.Pending, decision.Status.Variants![0].Phase);
        Assert.Single(decision.DeletePods);
    }

    [Theory]
    [InlineData(null, 120)]
    [InlineData("30m", 30)]
    [InlineData("12h", 480)]
    public void Max_duration_defaults_to_two_hours_and_is_capped_at_eight(string? asked, int expectedMinutes) =>
        Assert.Equal(
            TimeSpan.FromMinutes(expectedMinutes),
            IdeaLifecycle.MaxDuration(new IdeaExperimentSpec { MaxDuration = asked }, TimeSpan.FromHours(2), TimeSpan.FromHours(8)));
}
