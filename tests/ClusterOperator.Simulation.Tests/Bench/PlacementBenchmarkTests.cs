using System.Text.Json;
using ClusterOperator.Scheduling;
using ClusterOperator.Simulation.Bench;
using ClusterOperator.Simulation.Clusters;
using static ClusterOperator.Simulation.Tests.Replay.TinyReplays;

namespace ClusterOperator.Simulation.Tests.Bench;

public sealed class PlacementBenchmarkTests
{
    [Fact]
    public void A_small_synthetic_benchmark_places_what_fits_and_reports_latencies()
    {
        var request = BenchRequest.Synthetic(nodes: 4, gpusPerNode: 8, pods: 20, seed: 1, new FairShareOptions()) with
        {
            LatencyRunningPods = 40,
            LatencyPendingPods = 10,
            LatencyRounds = 5,
            Repetitions = 2,
        };

        var result = PlacementBenchmark.Run(request, CancellationToken.None);

        Assert.Equal((4, 32, 20), (result.Nodes, result.Gpus, result.Pods));
        Assert.InRange(result.Placed, 1, 20);
        Assert.True(result.Seconds > 0 && result.PodsPerSecond > 0);
        Assert.True(result.PlanMillisP50 > 0 && result.PlanMillisP50 <= result.PlanMillisP99);
    }

    [Fact]
    public void A_trace_and_a_cluster_file_can_be_benchmarked()
    {
        var trace = Trace("a,0,alice,training,2,4,60,", "b,1,bob,training,1,8,60,", "c,2,bob,training,1,2,60,");
        var request = new BenchRequest(ClusterSpec.Uniform(2, 8), trace.Jobs, new FairShareOptions())
        {
            LatencyRunningPods = 20,
            LatencyPendingPods = 5,
            LatencyRounds = 2,
        };

        var result = PlacementBenchmark.Run(request, CancellationToken.None);

        // 2×4 + 8 fill both nodes; the 2-GPU job does not fit.
        Assert.Equal((2, 16, 4, 3), (result.Nodes, result.Gpus, result.Pods, result.Placed));
    }

    [Fact]
    public void Json_has_exactly_the_issue_shape()
    {
        var json = BenchJson.ToJson(new BenchResult(1000, 8000, 10000, 8000, 0.5, 16000, 12.3456, 40.1));

        Assert.Equal("""{"nodes":1000,"gpus":8000,"pods":10000,"placed":8000,"seconds":0.5,"podsPerSecond":16000,"planMillisP50":12.346,"planMillisP99":40.1}""", json);
        Assert.Equal(JsonValueKind.Object, JsonDocument.Parse(json).RootElement.ValueKind);
    }
}
