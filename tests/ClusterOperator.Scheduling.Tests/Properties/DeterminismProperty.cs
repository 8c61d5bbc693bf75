using System.Text.Json;
using CsCheck;
using Xunit;

namespace ClusterOperator.Scheduling.Tests.Properties;

public sealed class DeterminismProperty
{
    [Fact]
    public void The_same_snapshot_in_any_order_gives_the_same_plan()
    {
        Gen.Select(Generators.Mixed(), PropertySettings.AnyPolicy, Gen.Int).Sample((spec, policy, seed) =>
        {
            var random = new Random(seed);
            PropertySettings.Simulate(spec, policy, 40, (snapshot, plan) =>
            {
                var shuffled = snapshot with
                {
                    Nodes = [.. snapshot.Nodes.OrderBy(_ => random.Next())],
                    Workloads = [.. snapshot.Workloads.Select(w => w with { Pods = [.. w.Pods.OrderBy(_ => random.Next())] }).OrderBy(_ => random.Next())],
                    Reservations = [.. snapshot.Reservations.OrderBy(_ => random.Next())],
                };

                Assert.Equal(JsonSerializer.Serialize(plan), JsonSerializer.Serialize(Scheduler.Plan(shuffled)));
            });
        }, iter: PropertySettings.Iterations);
    }
}
