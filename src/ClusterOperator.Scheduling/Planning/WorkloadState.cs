namespace ClusterOperator.Scheduling.Planning;

/// <summary>A valid workload and everything one plan decides about it.</summary>
internal sealed class WorkloadState
{
    private readonly IReadOnlyCollection<int> _boundIndices;
    private HashSet<int>? _presentIndices;

    // Most workloads of a plan neither bind nor shrink: these lists exist only once something is added.
    private List<(int Index, int Node)>? _newBinds;
    private List<int>? _shrunk;

    public WorkloadState(Workload source, Owner owner, ResolvedOptions options, IReadOnlyList<RunningPod> running, IReadOnlyCollection<int> presentIndices, int terminatingPods)
    {
        Source = source;
        Owner = owner;
        IsIdea = source.Kind == WorkloadKind.Idea;
        Gpus = source.GpusPerReplica;
        MaxReplicas = source.Replicas;
        MinReplicas = source.MinReplicas ?? source.Replicas;
        Running = running;
        _boundIndices = presentIndices;
        TerminatingPods = terminatingPods;
        PendingSince = source.PendingSince ?? source.SubmitTime;
        ProtectedUntil = source.StartTime is { } start ? TimeMath.Add(start, options.MinRuntime) : null;
        Grace = source.GracePeriod ?? options.DefaultGracePeriod;
        Phase = PhaseOf();
    }

    public Workload Source { get; }

    public string Id => Source.Id;

    public Owner Owner { get; }

    public bool IsIdea { get; }

    public bool IsElastic => Source.IsElastic;

    /// <summary>GPUs per pod.</summary>
    public int Gpus { get; }

    public int MaxReplicas { get; }

    /// <summary>The gang size that must be bound together: the elastic minimum, or all replicas.</summary>
    public int MinReplicas { get; }

    /// <summary>Non-terminating bound pods, by index.</summary>
    public IReadOnlyList<RunningPod> Running { get; }

    public int TerminatingPods { get; }

    public DateTimeOffset PendingSince { get; }

    public DateTimeOffset? ProtectedUntil { get; }

    public TimeSpan Grace { get; }

    public WorkloadPhase Phase { get; }

    /// <summary>Feasibility cache key of its constraints.</summary>
    public int ConstraintKey { get; set; }

    /// <summary>The GPU-type pool its demand and allocation count in.</summary>
    public int Pool { get; set; }

    /// <summary>Pending work no matching node could ever hold; it is left out of demand.</summary>
    public bool Unschedulable { get; set; }

    /// <summary>A running idea inside its owner's idea guarantee: never a victim.</summary>
    public bool GuaranteedIdea { get; set; }

    public double DemandGpus => Unschedulable ? 0 : (double)MaxReplicas * Gpus;

    public double Share { get; set; }

    public bool Placeable => Phase is WorkloadPhase.Pending or WorkloadPhase.Incomplete;

    /// <summary>Pods that must be bound together for it to run.</summary>
    public int RequestPods => MinReplicas - Running.Count;

    public int RequestGpus => RequestPods * Gpus;

    /// <summary>Bound by this plan.</summary>
    public bool Bound { get; set; }

    public IReadOnlyList<(int Index, int Node)> NewBinds => (IReadOnlyList<(int Index, int Node)>?)_newBinds ?? [];

    /// <summary>Whole-run eviction decided by this plan.</summary>
    public bool Evicted { get; set; }

    /// <summary>Replicas removed by an elastic shrink decided by this plan.</summary>
    public IReadOnlyList<int> Shrunk => (IReadOnlyList<int>?)_shrunk ?? [];

    public Eviction? Eviction { get; set; }

    /// <summary>A protected run a reservation of this plan waits for.</summary>
    public bool Promised { get; set; }

    /// <summary>The reservation carried in from the previous plan, while it is still held.</summary>
    public HeldGpus? Incoming { get; set; }

    /// <summary>The reservation this plan makes.</summary>
    public HeldGpus? Outgoing { get; set; }

    /// <summary>What the waiting reason will say.</summary>
    public WaitNote? Wait { get; set; }

    public void AddBind(int index, int node) => (_newBinds ??= []).Add((index, node));

    public void AddShrunk(int replica) => (_shrunk ??= []).Add(replica);

    /// <summary>Replica indices for new pods: the lowest ones not bound.</summary>
    public List<int> NextIndices(int count)
    {
        _presentIndices ??= [.. _boundIndices];
        var indices = new List<int>(count);
        for (var i = 0; indices.Count < count && i < MaxReplicas; i++)
        {
            if (!_presentIndices.Contains(i))
            {
                indices.Add(i);
            }
        }

        foreach (var index in indices)
        {
            _presentIndices.Add(index);
        }

        return indices;
    }

    /// <summary>Whether it can still be a reclaim victim in this plan.</summary>
    public bool CanBeVictim => Phase == WorkloadPhase.Running && TerminatingPods == 0 && !GuaranteedIdea && !Bound && !Evicted && !Promised && Shrunk.Count == 0;

    private WorkloadPhase PhaseOf()
    {
        if (Running.Count >= MinReplicas)
        {
            return WorkloadPhase.Running;
        }

        if (Running.Count == 0)
        {
            return TerminatingPods == 0 ? WorkloadPhase.Pending : WorkloadPhase.Terminating;
        }

        var unusedIndices = MaxReplicas - Running.Count - TerminatingPods;
        return unusedIndices >= MinReplicas - Running.Count ? WorkloadPhase.Incomplete : WorkloadPhase.Terminating;
    }
}
