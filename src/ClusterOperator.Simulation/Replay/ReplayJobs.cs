using ClusterOperator.Scheduling;
using ClusterOperator.Simulation.Clusters;
using ClusterOperator.Simulation.Traces;

namespace ClusterOperator.Simulation.Replay;

/// <summary>
/// Selects the trace jobs a replay can run: jobs that could never fit the cluster (or ideas above IdeaMaxGpus)
/// would wait forever and are reported as invalid rows instead. Accepted jobs are ordered by submit time, then file line.
/// </summary>
internal sealed class ReplayJobs
{
    private ReplayJobs(IReadOnlyList<string> owners, IReadOnlyList<ReplayJob> jobs, IReadOnlyList<InvalidTraceRow> invalid)
    {
        Owners = owners;
        Jobs = jobs;
        Invalid = invalid;
    }

    /// <summary>Owners of the accepted jobs, in ordinal order; <see cref="ReplayJob.OwnerIndex"/> indexes this.</summary>
    public IReadOnlyList<string> Owners { get; }

    public IReadOnlyList<ReplayJob> Jobs { get; }

    /// <summary>The trace's invalid rows, then the jobs rejected here, by line.</summary>
    public IReadOnlyList<InvalidTraceRow> Invalid { get; }

    public static ReplayJobs Prepare(TraceParseResult trace, ClusterSpec cluster, FairShareOptions options)
    {
        var invalid = new List<InvalidTraceRow>(trace.Invalid);
        var accepted = new List<TraceJob>();
        foreach (var job in trace.Jobs)
        {
            if (Reject(job, cluster, options) is { } reason)
            {
                invalid.Add(new InvalidTraceRow(job.Line, job.Id, reason));
            }
            else
            {
                accepted.Add(job);
            }
        }

        var owners = accepted.Select(j => j.Owner).Distinct().Order(StringComparer.Ordinal).ToList();
        var ownerIndex = owners.Select((o, i) => (o, i)).ToDictionary(p => p.o, p => p.i, StringComparer.Ordinal);
        var jobs = accepted
            .OrderBy(j => j.SubmitSeconds)
            .ThenBy(j => j.Line)
            .Select(j => new ReplayJob(j, ownerIndex[j.Owner], Ticks(j.SubmitSeconds), Duration(j, options).Ticks))
            .ToList();
        return new ReplayJobs(owners, jobs, [.. invalid.OrderBy(r => r.Line)]);
    }

    private static string? Reject(TraceJob job, ClusterSpec cluster, FairShareOptions options)
    {
        if (job.Kind == TraceJobKind.Idea && job.Gpus > options.IdeaMaxGpus)
        {
            return $"an idea needs {job.Gpus} GPUs, above IdeaMaxGpus {options.IdeaMaxGpus}";
        }

        var compatible = cluster.Nodes.Where(n => job.GpuType is null || string.Equals(n.GpuType, job.GpuType, StringComparison.Ordinal)).ToList();
        var typeText = job.GpuType is null ? string.Empty : $" of type {job.GpuType}";
        if (compatible.Count == 0)
        {
            return $"no node has GPUs{typeText}";
        }

        var nodesThatFitAPod = compatible.Count(n => n.Gpus >= job.GpusPerReplica);
        if (nodesThatFitAPod == 0)
        {
            return $"a pod needs {job.GpusPerReplica} GPUs but the largest node{typeText} has {compatible.Max(n => n.Gpus)}";
        }

        var podsThatFit = compatible.Sum(n => n.Gpus / job.GpusPerReplica);
        return podsThatFit < job.Replicas
            ? $"needs {job.Replicas} pods of {job.GpusPerReplica} GPUs but the cluster{typeText} holds at most {podsThatFit} such pods"
            : null;
    }

    private static TimeSpan Duration(TraceJob job, FairShareOptions options)
    {
        var requested = job.DurationSeconds is { } seconds ? TimeSpan.FromTicks(Ticks(seconds)) : (TimeSpan?)null;
        return job.Kind == TraceJobKind.Idea ? options.EffectiveIdeaDuration(requested) : requested!.Value;
    }

    private static long Ticks(double seconds) => (long)Math.Round(seconds * TimeSpan.TicksPerSecond);
}
