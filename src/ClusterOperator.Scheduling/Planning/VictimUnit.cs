namespace ClusterOperator.Scheduling.Planning;

/// <summary>What one eviction frees: a whole run, or one surplus replica of an elastic run (rule 6: shrink first).</summary>
internal sealed class VictimUnit(WorkloadState workload, int? replica, List<(int Node, int Gpus)> parts)
{
    public WorkloadState Workload { get; } = workload;

    /// <summary>The replica an elastic shrink removes; null for the whole run.</summary>
    public int? Replica { get; } = replica;

    public List<(int Node, int Gpus)> Parts { get; } = parts;

    /// <summary>Position in its owner's list: the eviction order among that owner's units of this kind.</summary>
    public int Rank { get; init; }

    public int Gpus => Parts.Sum(p => p.Gpus);
}
