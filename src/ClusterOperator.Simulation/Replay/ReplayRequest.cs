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
    /// The operator's planning interval (its <c>Operator:PlanInterval</c>, default 5s). Changes (arrivals, completions,
    /// pods gone) are planned at once, as the operator's watch events start a round; while work waits, a policy
    /// that reclaims (the only kind with time-based rules: MinRuntime expiry, starvation threshold, reservation
    /// times) is also planned at every multiple of this interval, as the operator's timer does. Default 5s.
    /// </summary>
    public TimeSpan PlanningRound { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Plans every policy at every round while work waits, not only those that reclaim. Slower and, for policies
    /// without time-based rules, the same outcome; tests check that. Default false.
    /// </summary>
    public bool PlanEveryRound { get; init; }

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
