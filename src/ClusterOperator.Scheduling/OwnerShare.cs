namespace ClusterOperator.Scheduling;

/// <summary>An owner's fair share of one GPU type.</summary>
/// <param name="Owner">Owner.</param>
/// <param name="GpuType">GPU type; null for nodes without one.</param>
/// <param name="Weight">Owner weight.</param>
/// <param name="DemandGpus">GPUs its workloads of this type want (elastic runs at their maximum).</param>
/// <param name="ShareGpus">Weighted, demand-capped max-min share.</param>
/// <param name="AllocatedGpus">GPUs held after this plan (terminating pods excluded).</param>
public sealed record OwnerShare(string Owner, string? GpuType, double Weight, double DemandGpus, double ShareGpus, int AllocatedGpus);
