using System.Diagnostics.CodeAnalysis;

namespace ClusterOperator.Simulation.Traces;

/// <summary>
/// The Philly-derived format (see shared/traces/README.md): every row is a training run of <c>user</c>.
/// A <c>num_gpu</c> above one node (8 GPUs) becomes a gang of 8-GPU replicas, rounded up to whole replicas
/// (12 becomes 2 x 8), since a multi-node job holds whole nodes.
/// </summary>
internal sealed class PhillyTraceRowReader : ITraceRowReader
{
    public const int GpusPerNode = 8;

    public static readonly string[] RequiredColumns = ["job_id", "user", "num_gpu", "submit_time", "duration"];

    private readonly int _id;
    private readonly int _user;
    private readonly int _gpus;
    private readonly int _submit;
    private readonly int _duration;

    public PhillyTraceRowReader(TraceHeader header)
    {
        ColumnCount = header.Count;
        _id = header.IndexOf("job_id");
        _user = header.IndexOf("user");
        _gpus = header.IndexOf("num_gpu");
        _submit = header.IndexOf("submit_time");
        _duration = header.IndexOf("duration");
    }

    public TraceFormat Format => TraceFormat.Philly;

    public int ColumnCount { get; }

    public string? IdOf(IReadOnlyList<string> fields) =>
        _id < fields.Count && fields[_id].Length > 0 ? fields[_id] : null;

    public bool TryRead(IReadOnlyList<string> fields, int line, [NotNullWhen(true)] out TraceJob? job, out string reason)
    {
        job = null;
        var id = fields[_id];
        var user = fields[_user];
        if (id.Length == 0)
        {
            reason = "job_id is empty";
            return false;
        }

        if (user.Length == 0)
        {
            reason = "user is empty";
            return false;
        }

        if (!TraceFields.TryCount(fields[_gpus], "num_gpu", 1, out var gpus, out reason)
            || !TraceFields.TrySeconds(fields[_submit], "submit_time", allowZero: true, out var submit, out reason)
            || !TraceFields.TrySeconds(fields[_duration], "duration", allowZero: false, out var duration, out reason))
        {
            return false;
        }

        var (replicas, perReplica) = gpus <= GpusPerNode ? (1, gpus) : ((gpus + GpusPerNode - 1) / GpusPerNode, GpusPerNode);
        job = new TraceJob(id, line, submit, user, TraceJobKind.Training, replicas, perReplica, duration, GpuType: null);
        return true;
    }
}
