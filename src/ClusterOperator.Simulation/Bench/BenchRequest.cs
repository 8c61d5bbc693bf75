using ClusterOperator.Scheduling;
using ClusterOperator.Simulation.Clusters;
using ClusterOperator.Simulation.Traces;

namespace ClusterOperator.Simulation.Bench;

/// <summary>What the placement benchmark runs: a pending set placed onto an empty cluster, then repeated steady-state plans.</summary>
/// <param name="Cluster">The nodes the pending set is placed on.</param>
/// <param name="Pending">The jobs to place, all pending at once.</param>
/// <param name="Options">The fair-share options of the core.</param>
public sealed record BenchRequest(ClusterSpec Cluster, IReadOnlyList<TraceJob> Pending, FairShareOptions Options)
{
    /// <summary>Times the whole placement is planned; the median is reported, after one untimed warm-up. Default 5.</summary>
    public int Repetitions { get; init; } = 5;

    /// <summary>Running pods in the steady-state snapshot whose Plan latency is measured. Default 10,000.</summary>
    public int LatencyRunningPods { get; init; } = 10_000;

    /// <summary>Pending pods in that snapshot. Default 1,000.</summary>
    public int LatencyPendingPods { get; init; } = 1_000;

    /// <summary>Plans timed for the latency percentiles. Default 50.</summary>
    public int LatencyRounds { get; init; } = 50;

    /// <summary>Seed of the synthetic steady-state jobs. Default 1.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>The synthetic benchmark: <paramref name="nodes"/> uniform nodes and <paramref name="pods"/> pending pods from <see cref="SyntheticTrace"/>.</summary>
    public static BenchRequest Synthetic(int nodes, int gpusPerNode, int pods, int seed, FairShareOptions options) =>
        new(ClusterSpec.Uniform(nodes, gpusPerNode), SyntheticTrace.Generate(pods, gpusPerNode, SyntheticOwners, seed), options) { Seed = seed };

    /// <summary>Owners the synthetic jobs are spread over.</summary>
    public const int SyntheticOwners = 10;
}
