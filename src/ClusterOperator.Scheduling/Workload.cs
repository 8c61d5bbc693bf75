namespace ClusterOperator.Scheduling;

/// <summary>A training run or an idea variant: a gang of identical pods charged to one owner.</summary>
public sealed record Workload
{
    /// <summary>Unique id, e.g. <c>namespace/name</c>.</summary>
    public required string Id { get; init; }

    /// <summary>Training run or idea.</summary>
    public WorkloadKind Kind { get; init; } = WorkloadKind.Training;

    /// <summary>The owner the GPUs are charged to for fair share.</summary>
    public required string Owner { get; init; }

    /// <summary>Gang size (pods); for elastic runs, the maximum. Default 1.</summary>
    public int Replicas { get; init; } = 1;

    /// <summary>Set for elastic runs: the run may run at any size in [MinReplicas, Replicas].</summary>
    public int? MinReplicas { get; init; }

    /// <summary>GPUs per pod. Default 1.</summary>
    public int GpusPerReplica { get; init; } = 1;

    /// <summary>Where its pods may run.</summary>
    public NodeConstraints Constraints { get; init; } = NodeConstraints.None;

    /// <summary>When the workload was created.</summary>
    public required DateTimeOffset SubmitTime { get; init; }

    /// <summary>When it last became pending (after a preemption its wait restarts). Null means <see cref="SubmitTime"/>.</summary>
    public DateTimeOffset? PendingSince { get; init; }

    /// <summary>When its current attempt started (first pod bound). Protected from eviction until this + MinRuntime.</summary>
    public DateTimeOffset? StartTime { get; init; }

    /// <summary>Grace period its pods get when evicted. Null means <see cref="FairShareOptions.DefaultGracePeriod"/>.</summary>
    public TimeSpan? GracePeriod { get; init; }

    /// <summary>Its pods that are bound to nodes; unbound pods are not listed.</summary>
    public IReadOnlyList<BoundPod> Pods { get; init; } = [];

    /// <summary>True when <see cref="MinReplicas"/> is set.</summary>
    public bool IsElastic => MinReplicas is not null;
}
