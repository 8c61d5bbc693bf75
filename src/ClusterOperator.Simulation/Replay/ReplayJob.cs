using ClusterOperator.Simulation.Traces;

namespace ClusterOperator.Simulation.Replay;

/// <summary>A trace job accepted for replay, with its run time resolved from the options.</summary>
internal sealed record ReplayJob(TraceJob Trace, int OwnerIndex, long SubmitTicks, long DurationTicks);
