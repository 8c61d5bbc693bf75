using System.Collections.Immutable;

namespace ClusterOperator.Scheduling;

/// <summary>A node with GPUs.</summary>
public sealed record Node
{
    /// <summary>Unique node name.</summary>
    public required string Name { get; init; }

    /// <summary>Allocatable GPUs (<c>nvidia.com/gpu</c>).</summary>
    public required int Gpus { get; init; }

    /// <summary>GPU type (e.g. the <c>nvidia.com/gpu.product</c> label); fair share is divided per type.</summary>
    public string? GpuType { get; init; }

    /// <summary>Topology: zone (<c>topology.kubernetes.io/zone</c>).</summary>
    public string? Zone { get; init; }

    /// <summary>Topology: rack.</summary>
    public string? Rack { get; init; }

    /// <summary>Topology: NVLink domain; gangs prefer nodes in one domain, then one rack, then one zone.</summary>
    public string? NvLinkDomain { get; init; }

    /// <summary>Node labels, for selectors and affinity.</summary>
    public IReadOnlyDictionary<string, string> Labels { get; init; } = ImmutableDictionary<string, string>.Empty;

    /// <summary>Node taints.</summary>
    public IReadOnlyList<Taint> Taints { get; init; } = [];

    /// <summary>The node's Ready condition.</summary>
    public bool Ready { get; init; } = true;

    /// <summary>False when cordoned.</summary>
    public bool Schedulable { get; init; } = true;

    /// <summary>GPUs held by pods that are not ours.</summary>
    public int ForeignGpus { get; init; }
}
