namespace ClusterOperator.Simulation.Traces;

/// <summary>A trace row that was skipped, with why.</summary>
/// <param name="Line">1-based line number in the file.</param>
/// <param name="Id">The row's job id, or null when it could not be read.</param>
/// <param name="Reason">A human sentence, e.g. "num_gpu is 0; a job needs at least 1 GPU".</param>
public sealed record InvalidTraceRow(int Line, string? Id, string Reason)
{
    public override string ToString() => Id is null ? $"line {Line}: {Reason}" : $"line {Line} (id {Id}): {Reason}";
}
