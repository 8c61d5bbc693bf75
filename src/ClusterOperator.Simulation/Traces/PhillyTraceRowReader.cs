using System.Diagnostics.CodeAnalysis;

namespace ClusterOperator.Simulation.Traces;

/// <summary>
/// The Philly-derived format (see shared/traces/README.md): every row is a training run of <c>user</c>.
/// A <c>num_gpu</c> above one node (8 GPUs) becomes a gang of 8-GPU replicas, rounded up to whole replicas
/// (12 becomes 2 x 8), since a multi-node job holds whole nodes.
/// </summary>
internal sealed class PhillyTraceRowReader(TraceHeader header) : TraceRowReader(header, "job_id", "user")
{
    public const int GpusPerNode = 8;

    public static readonly string[] RequiredColumns = ["job_id", "user", "num_gpu", "submit_time", "duration"];

    private readonly int _gpus = header.IndexOf("num_gpu");
    private readonly int _submit = header.IndexOf("submit_time");
    private readonly int _duration = header.IndexOf("duration");

    public override TraceFormat Format => TraceFormat.Philly;

    protected override bool TryRead(IReadOnlyList<string> fields, int line, string id, string owner, [NotNullWhen(true)] out TraceJob? job, out string reason)
    {
        job = null;
        if (!TraceFields.TryCount(fields[_gpus], "num_gpu", 1, out var gpus, out reason)
            || !TraceFields.TrySeconds(fields[_submit], "submit_time", allowZero: true, out var submit, out reason)
            || !TraceFields.TrySeconds(fields[_duration], "duration", allowZero: false, out var duration, out reason))
        {
            return false;
        }

        // Rounded up without overflow; the rounding may still exceed int.MaxValue GPUs in all, which is refused.
        var (replicas, perReplica) = gpus <= GpusPerNode ? (1, gpus) : (((gpus - 1) / GpusPerNode) + 1, GpusPerNode);
        if (!TraceFields.TryTotalGpus(replicas, perReplica, out reason))
        {
            return false;
        }

        job = new TraceJob(id, line, submit, owner, TraceJobKind.Training, replicas, perReplica, duration, GpuType: null);
        return true;
    }
}
