namespace ClusterOperator.Simulation.Metrics;

/// <summary>One owner's bucket-averaged allocation and fair share, in GPUs.</summary>
public sealed record OwnerTimeline(string Owner, IReadOnlyList<double> AllocatedGpus, IReadOnlyList<double> FairShareGpus);
