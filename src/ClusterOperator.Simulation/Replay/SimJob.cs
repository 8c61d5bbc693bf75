using ClusterOperator.Scheduling;

namespace ClusterOperator.Simulation.Replay;

/// <summary>The mutable replay state of one job. <see cref="Workload"/> is what the core sees of it, rebuilt on every change.</summary>
internal sealed class SimJob(ReplayJob job, Workload workload)
{
    public ReplayJob Job { get; } = job;

    public Workload Workload { get; set; } = workload;

    public int Gpus { get; } = job.Trace.Gpus;

    public JobPhase Phase { get; set; } = JobPhase.NotArrived;

    /// <summary>Position in the active set, or −1.</summary>
    public int ActiveIndex { get; set; } = -1;

    /// <summary>Bumped on every eviction so the old attempt's completion event is ignored.</summary>
    public int Attempt { get; set; }

    public long AttemptStartTicks { get; set; }

    /// <summary>Run time still to go: the whole duration, less the progress checkpointed at each eviction.</summary>
    public long RemainingTicks { get; set; } = job.DurationTicks;

    public long? FirstStartTicks { get; set; }

    public int Preemptions { get; set; }

    public double LostGpuSeconds { get; set; }

    public bool WithinShare { get; set; }

    /// <summary>Set while a job within share at arrival waits for its first start.</summary>
    public WithinShareWatch? Watch { get; set; }

    /// <summary>The number of the last plan whose snapshot included this job while pending.</summary>
    public int PlanStamp { get; set; }
}
