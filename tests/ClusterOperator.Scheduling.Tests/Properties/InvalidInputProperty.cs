using System.Text.Json;
using CsCheck;
using Xunit;

namespace ClusterOperator.Scheduling.Tests.Properties;

public sealed class InvalidInputProperty
{
    private static readonly Workload[] Invalid =
    [
        new() { Id = "zed/negative", Owner = "zed", GpusPerReplica = -4, SubmitTime = DateTimeOffset.UnixEpoch },
        new() { Id = "zed/lost", Owner = "zed", Pods = [new BoundPod(0, "no-such-node")], SubmitTime = DateTimeOffset.UnixEpoch },
        new() { Id = "zed/bad-elastic", Owner = "zed", Replicas = 2, MinReplicas = 5, SubmitTime = DateTimeOffset.UnixEpoch },
        new() { Id = "zed/huge-idea", Owner = "zed", Kind = WorkloadKind.Idea, GpusPerReplica = 64, SubmitTime = DateTimeOffset.UnixEpoch },
    ];

    [Fact]
    public void Invalid_workloads_change_nothing_but_the_errors()
    {
        Gen.Select(Generators.Mixed(), Gen.Int[0, Invalid.Length - 1]).Sample((spec, which) =>
        {
            PropertySettings.Simulate(spec, SchedulingPolicy.FairShare, 40, (snapshot, plan) =>
            {
                var polluted = Scheduler.Plan(snapshot with { Workloads = [.. snapshot.Workloads, Invalid[which]] });

                Assert.NotEmpty(polluted.Errors);
                Assert.Equal(JsonSerializer.Serialize(plan with { Errors = [] }), JsonSerializer.Serialize(polluted with { Errors = [] }));
            });
        }, iter: PropertySettings.Iterations);
    }
}
