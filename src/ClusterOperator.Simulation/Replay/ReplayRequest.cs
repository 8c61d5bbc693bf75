using ClusterOperator.Scheduling;
using ClusterOperator.Simulation.Clusters;
using ClusterOperator.Simulation.Traces;

namespace ClusterOperator.Simulation.Replay;

/// <summary>What to replay: one trace on one cluster under each policy, with the operator's options.</summary>
/// <param name="Trace">The parsed trace; its invalid rows are reported, its jobs replayed.</param>
/// <param name="Cluster">The nodes.</param>
/// <param name="Policies">Core policy presets to compare, e.g. <see cref="SchedulingPolicy.Presets"/>.</param>
/// <param name="Options">The fair-share options the operator would run with.</param>
public sealed record ReplayRequest(TraceParseResult Trace, ClusterSpec Cluster, IReadOnlyList<SchedulingPolicy> Policies, FairShareOptions Options)
{
    /// <summary>
    /// The operator's periodic planning interval, for time-based rules (MinRuntime expiry, starvation threshold):
    /// such a rule takes effect at the next multiple of this interval. Changes (arrivals, completions, pods gone)
    /// are planned at once. Default 10s.
    /// </summary>
    public TimeSpan PlanningRound { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Speed-up for long queues: each Plan is given, per owner, only the head of its pending queue (in the core's
    /// own within-owner order): at least this many jobs, and more single-GPU jobs than there are GPUs not held by
    /// pods. Each such plan is checked to be the plan of the whole queue (see PendingQueues for the proof
    /// obligations) and redone on the whole queue when that cannot be shown. Null always plans the whole queue.
    /// Default 64.
    /// </summary>
    public int? PendingWindow { get; init; } = 64;

    /// <summary>Policies simulated at the same time. Default: one per processor.</summary>
    public int MaxParallelism { get; init; } = Environment.ProcessorCount;
}
