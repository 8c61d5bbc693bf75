namespace ClusterOperator.Simulation.Metrics;

/// <summary>Bucket-averaged series over simulated time, for charts. Bucket i starts at StartSeconds + i × BucketSeconds.</summary>
/// <param name="StartSeconds">Simulated time of the first bucket's start.</param>
/// <param name="BucketSeconds">Width of every bucket.</param>
/// <param name="Utilization">Allocated GPUs ÷ capacity, per bucket.</param>
/// <param name="Owners">Per-owner allocation and fair share, per bucket.</param>
public sealed record PolicyTimeline(double StartSeconds, double BucketSeconds, IReadOnlyList<double> Utilization, IReadOnlyList<OwnerTimeline> Owners);
