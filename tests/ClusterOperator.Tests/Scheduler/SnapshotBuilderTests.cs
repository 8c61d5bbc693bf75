using ClusterOperator.Api;
using ClusterOperator.Api.Model;
using ClusterOperator.Api.Validation;
using ClusterOperator.Runtime;
using ClusterOperator.Scheduler;
using ClusterOperator.Scheduling;
using k8s.Models;
using static ClusterOperator.Tests.Controllers.TestRuns;

namespace ClusterOperator.Tests.Scheduler;

/// <summary>The snapshot builder translates again only what changed, and counts other pods' GPUs as foreign.</summary>
public sealed class SnapshotBuilderTests
{
    private int _validations;

    [Fact]
    public void An_unchanged_run_and_its_pods_are_not_translated_or_validated_again()
    {
        var builder = Builder();
        var run = Run("a", replicas: 2, gpus: 4);
        var pods = new[] { Pod(run, 0).BoundTo("n1"), Pod(run, 1) };

        var first = Build(builder, [run], pods);
        var second = Build(builder, [run], pods);

        Assert.Same(first.Snapshot.Workloads.Single(), second.Snapshot.Workloads.Single());
        Assert.Equal(1, _validations);
    }

    [Fact]
    public void A_pod_replaced_in_the_cache_makes_its_run_translated_again()
    {
        var builder = Builder();
        var run = Run("a", replicas: 2, gpus: 4);
        var pods = new[] { Pod(run, 0), Pod(run, 1) };
        var first = Build(builder, [run], pods);

        var second = Build(builder, [run], [pods[0], Pod(run, 1).BoundTo("n1")]);

        Assert.Empty(first.Snapshot.Workloads.Single().Pods);
        Assert.Equal(new BoundPod(1, "n1", false), second.Snapshot.Workloads.Single().Pods.Single());
    }

    [Fact]
    public void A_run_with_a_missing_pod_is_left_out_and_GPUs_of_other_pods_are_foreign()
    {
        var builder = Builder();
        var whole = Run("whole", replicas: 1, gpus: 4);
        var partial = Run("partial", replicas: 2, gpus: 2);
        var pods = new[] { Pod(whole, 0).BoundTo("n1"), Pod(partial, 0).BoundTo("n1") };

        var built = Build(builder, [whole, partial], pods);

        Assert.Equal("tr/lab/whole", built.Snapshot.Workloads.Single().Id);
        Assert.Equal(2, built.Snapshot.Nodes.Single().ForeignGpus);
        Assert.Same(pods[0], built.Pod("tr/lab/whole", 0));
    }

    [Fact]
    public void An_invalid_run_is_left_out()
    {
        var builder = new SnapshotBuilder(_ => [new FieldError("spec.replicas", "is wrong.")], _ => []);
        var run = Run("bad", replicas: 1, gpus: 1);

        Assert.Empty(Build(builder, [run], [Pod(run, 0)]).Snapshot.Workloads);
    }

    private SnapshotBuilder Builder() => new(
        _ =>
        {
            _validations++;
            return [];
        },
        _ => []);

    private static BuiltSnapshot Build(SnapshotBuilder builder, IReadOnlyList<TrainingRun> runs, IReadOnlyList<V1Pod> pods)
    {
        var byKey = pods.ToDictionary(ObjectKey.From);
        var node = new V1Node
        {
            Metadata = new V1ObjectMeta { Name = "n1" },
            Status = new V1NodeStatus
            {
                Allocatable = new Dictionary<string, ResourceQuantity> { [ApiGroup.GpuResource] = new("8") },
                Conditions = [new V1NodeCondition { Type = "Ready", Status = "True" }],
            },
        };
        var objects = new ClusterObjects(runs, [], pods, [node], key => byKey.GetValueOrDefault(key));
        return builder.Build(objects, _ => null, SchedulerState.Empty, new FairShareOptions(), SchedulingPolicy.FairShare, Now);
    }
}
