using System.Diagnostics.CodeAnalysis;

namespace ClusterOperator.Simulation.Traces;

/// <summary>
/// The project's own trace format: <c>id,submit_seconds,owner,kind,replicas,gpus_per_replica,duration_seconds,gpu_type</c>.
/// <c>gpu_type</c> may be empty (any type); <c>duration_seconds</c> may be empty for ideas (the configured default applies).
/// </summary>
internal sealed class NativeTraceRowReader : ITraceRowReader
{
    public static readonly string[] RequiredColumns =
        ["id", "submit_seconds", "owner", "kind", "replicas", "gpus_per_replica", "duration_seconds"];

    private readonly int _id;
    private readonly int _submit;
    private readonly int _owner;
    private readonly int _kind;
    private readonly int _replicas;
    private readonly int _gpusPerReplica;
    private readonly int _duration;
    private readonly int? _gpuType;

    public NativeTraceRowReader(TraceHeader header)
    {
        ColumnCount = header.Count;
        _id = header.IndexOf("id");
        _submit = header.IndexOf("submit_seconds");
        _owner = header.IndexOf("owner");
        _kind = header.IndexOf("kind");
        _replicas = header.IndexOf("replicas");
        _gpusPerReplica = header.IndexOf("gpus_per_replica");
        _duration = header.IndexOf("duration_seconds");
        _gpuType = header.OptionalIndexOf("gpu_type");
    }

    public TraceFormat Format => TraceFormat.Native;

    public int ColumnCount { get; }

    public string? IdOf(IReadOnlyList<string> fields) =>
        _id < fields.Count && fields[_id].Length > 0 ? fields[_id] : null;

    public bool TryRead(IReadOnlyList<string> fields, int line, [NotNullWhen(true)] out TraceJob? job, out string reason)
    {
        job = null;
        var id = fields[_id];
        var owner = fields[_owner];
        if (id.Length == 0)
        {
            reason = "id is empty";
            return false;
        }

        if (owner.Length == 0)
        {
            reason = "owner is empty";
            return false;
        }

        if (!TryKind(fields[_kind], out var kind, out reason)
            || !TraceFields.TrySeconds(fields[_submit], "submit_seconds", allowZero: true, out var submit, out reason)
            || !TraceFields.TryCount(fields[_replicas], "replicas", 1, out var replicas, out reason)
            || !TraceFields.TryCount(fields[_gpusPerReplica], "gpus_per_replica", 1, out var gpusPerReplica, out reason)
            || !TraceFields.TryTotalGpus(replicas, gpusPerReplica, out reason))
        {
            return false;
        }

        double? duration = null;
        var durationText = fields[_duration];
        if (durationText.Length > 0 || kind == TraceJobKind.Training)
        {
            if (!TraceFields.TrySeconds(durationText, "duration_seconds", allowZero: false, out var seconds, out reason))
            {
                return false;
            }

            duration = seconds;
        }

        var gpuType = _gpuType is { } index && fields[index].Length > 0 ? fields[index] : null;
        job = new TraceJob(id, line, submit, owner, kind, replicas, gpusPerReplica, duration, gpuType);
        return true;
    }

    private static bool TryKind(string text, out TraceJobKind kind, out string reason)
    {
        reason = string.Empty;
        if (string.Equals(text, "training", StringComparison.OrdinalIgnoreCase))
        {
            kind = TraceJobKind.Training;
            return true;
        }

        if (string.Equals(text, "idea", StringComparison.OrdinalIgnoreCase))
        {
            kind = TraceJobKind.Idea;
            return true;
        }

        kind = default;
        reason = $"kind '{text}' is neither 'training' nor 'idea'";
        return false;
    }
}
