using ClusterOperator.Scheduling;
using ClusterOperator.Simulation.Clusters;
using ClusterOperator.Simulation.Replay;
using ClusterOperator.Simulation.Traces;

namespace ClusterOperator.Simulation.Tests.Replay;

/// <summary>Builds small replays from inline traces.</summary>
internal static class TinyReplays
{
    public const string Header = "id,submit_seconds,owner,kind,replicas,gpus_per_replica,duration_seconds,gpu_type";

    public static TraceParseResult Trace(params string[] rows) =>
        TraceReader.Parse(new StringReader(Header + "\n" + string.Join('\n', rows)), "tiny.csv");

    public static ReplayResult Run(TraceParseResult trace, ClusterSpec cluster, IReadOnlyList<SchedulingPolicy> policies, int? window = 64) =>
        ReplayRunner.RunAsync(
                new ReplayRequest(trace, cluster, policies, new FairShareOptions()) { PendingWindow = window, MaxParallelism = 1 },
                progress: null,
                CancellationToken.None)
            .GetAwaiter()
            .GetResult();
}
