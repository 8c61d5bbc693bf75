namespace ClusterOperator.Soak;

/// <summary>A pod as one committed change left it, reduced to what the soak's checks look at.</summary>
/// <param name="Time">Server time of the change.</param>
/// <param name="Name">Pod name (the soak uses one namespace).</param>
/// <param name="Deleted">The change removed the pod.</param>
/// <param name="Node">spec.nodeName, null while unbound.</param>
/// <param name="Phase">status.phase.</param>
/// <param name="Reason">status.reason, e.g. DeadlineExceeded or OutOfnvidia.com/gpu.</param>
/// <param name="ExitCode">The first container's exit code once terminated.</param>
/// <param name="Terminating">metadata.deletionTimestamp is set.</param>
/// <param name="Gpus">nvidia.com/gpu limits over its containers.</param>
/// <param name="Workload">The run or idea it belongs to, from its labels.</param>
/// <param name="Slot">The replica index or the variant name: two live pods must never share one.</param>
/// <param name="Attempt">The gang attempt label, null for idea pods.</param>
internal sealed record PodChange(
    DateTimeOffset Time,
    string Name,
    bool Deleted,
    string? Node,
    string? Phase,
    string? Reason,
    int? ExitCode,
    bool Terminating,
    int Gpus,
    string? Workload,
    string? Slot,
    string? Attempt)
{
    public bool IsBound => !Deleted && !string.IsNullOrEmpty(Node);

    public bool IsFinished => Phase is "Succeeded" or "Failed";

    /// <summary>Bound and not finished: the pod holds its GPUs on its node, even while it terminates.</summary>
    public bool HoldsGpus => IsBound && !IsFinished;

    /// <summary>Holds GPUs and is not on its way out: it is part of the run's live pod set.</summary>
    public bool IsLive => HoldsGpus && !Terminating;
}
