namespace ClusterOperator.Simulation.Traces;

/// <summary>One valid job of a trace: a gang of <see cref="Replicas"/> pods of <see cref="GpusPerReplica"/> GPUs each.</summary>
/// <param name="Id">The job id, unique within the trace.</param>
/// <param name="Line">The 1-based line of the row in its file, for messages.</param>
/// <param name="SubmitSeconds">Seconds from the start of the trace.</param>
/// <param name="Owner">The owner (tenant) the job's usage is charged to.</param>
/// <param name="Kind">A training run or an idea experiment.</param>
/// <param name="Replicas">Pods in the gang, bound and evicted together.</param>
/// <param name="GpusPerReplica">GPUs each pod needs, all on one node.</param>
/// <param name="DurationSeconds">Run time once started; null for ideas that take the configured default.</param>
/// <param name="GpuType">The GPU type required, or null for any.</param>
public sealed record TraceJob(
    string Id,
    int Line,
    double SubmitSeconds,
    string Owner,
    TraceJobKind Kind,
    int Replicas,
    int GpusPerReplica,
    double? DurationSeconds,
    string? GpuType)
{
    public int Gpus => Replicas * GpusPerReplica;
}
