using ClusterOperator.Scheduling;

namespace ClusterOperator.Simulation.Traces;

/// <summary>How a trace job looks to the scheduling core before it has run.</summary>
public static class TraceWorkloads
{
    /// <param name="job">The trace job.</param>
    /// <param name="submitTime">The job's submit instant on the replay's clock.</param>
    public static Workload ToWorkload(this TraceJob job, DateTimeOffset submitTime)
    {
        ArgumentNullException.ThrowIfNull(job);
        return new Workload
        {
            Id = job.Id,
            Kind = job.Kind == TraceJobKind.Idea ? WorkloadKind.Idea : WorkloadKind.Training,
            Owner = job.Owner,
            Replicas = job.Replicas,
            GpusPerReplica = job.GpusPerReplica,
            Constraints = job.GpuType is null ? NodeConstraints.None : new NodeConstraints { GpuType = job.GpuType },
            SubmitTime = submitTime,
        };
    }
}
