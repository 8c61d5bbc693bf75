using System.Diagnostics.CodeAnalysis;

namespace ClusterOperator.Simulation.Traces;

/// <summary>
/// The project's own trace format: <c>id,submit_seconds,owner,kind,replicas,gpus_per_replica,duration_seconds,gpu_type</c>.
/// <c>gpu_type</c> may be empty (any type); <c>duration_seconds</c> may be empty for ideas (the configured default applies).
/// </summary>
internal sealed class NativeTraceRowReader(TraceHeader header) : TraceRowReader(header, "id", "owner")
{
    public static readonly string[] RequiredColumns =
        ["id", "submit_seconds", "owner", "kind", "replicas", "gpus_per_replica", "duration_seconds"];

    private readonly int _submit = header.IndexOf("submit_seconds");
    private readonly int _kind = header.IndexOf("kind");
    private readonly int _replicas = header.IndexOf("replicas");
    private readonly int _gpusPerReplica = header.IndexOf("gpus_per_replica");
    private readonly int _duration = header.IndexOf("duration_seconds");
    private readonly int? _gpuType = header.OptionalIndexOf("gpu_type");

    public override TraceFormat Format => TraceFormat.Native;

    protected override bool TryRead(IReadOnlyList<string> fields, int line, string id, string owner, [NotNullWhen(true)] out TraceJob? job, out string reason)
    {
        job = null;
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
