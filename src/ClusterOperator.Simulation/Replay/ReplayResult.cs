using ClusterOperator.Simulation.Metrics;
using ClusterOperator.Simulation.Traces;

namespace ClusterOperator.Simulation.Replay;

/// <summary>The outcome of one replay invocation: every policy on the same trace and cluster.</summary>
/// <param name="Trace">The trace's name (its file name).</param>
/// <param name="Gpus">GPUs of the cluster.</param>
/// <param name="InvalidRows">Rows skipped: unreadable rows and jobs that can never fit the cluster.</param>
/// <param name="Policies">One result per policy, in the order requested.</param>
public sealed record ReplayResult(string Trace, int Gpus, IReadOnlyList<InvalidTraceRow> InvalidRows, IReadOnlyList<PolicyResult> Policies);
