namespace ClusterOperator.Simulation.Traces;

/// <summary>The valid jobs of a trace, in file order, and the rows that were skipped.</summary>
public sealed record TraceParseResult(string Name, TraceFormat Format, IReadOnlyList<TraceJob> Jobs, IReadOnlyList<InvalidTraceRow> Invalid);
