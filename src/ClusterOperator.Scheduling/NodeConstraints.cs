using System.Collections.Immutable;

namespace ClusterOperator.Scheduling;

/// <summary>Where a workload's pods may run. All conditions must hold.</summary>
public sealed record NodeConstraints
{
    /// <summary>No constraint at all; shared so that unconstrained workloads share one feasibility cache entry.</summary>
    public static NodeConstraints None { get; } = new();

    /// <summary>Required GPU type, matched against <see cref="Node.GpuType"/>; null accepts any.</summary>
    public string? GpuType { get; init; }

    /// <summary>Labels the node must carry with exactly these values.</summary>
    public IReadOnlyDictionary<string, string> NodeSelector { get; init; } = ImmutableDictionary<string, string>.Empty;

    /// <summary>Required node affinity: the node must match at least one term. Empty means no affinity constraint.</summary>
    public IReadOnlyList<NodeSelectorTerm> RequiredAffinity { get; init; } = [];

    /// <summary>Taints the pods tolerate.</summary>
    public IReadOnlyList<Toleration> Tolerations { get; init; } = [];
}
