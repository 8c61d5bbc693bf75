namespace ClusterOperator.Controllers;

/// <summary>What the scheduler loop last concluded about one run: its owner, the owner's share and why it waits.</summary>
internal sealed record SchedulingView(string Owner, double OwnerFairShareGpus, string? WaitingReason);
