namespace ClusterOperator.Simulation.Metrics;

/// <summary>One owner's state from some instant on, in GPUs.</summary>
/// <param name="AllocatedGpus">GPUs its running pods hold (pods still terminating excluded, as in the core's shares).</param>
/// <param name="FairShareGpus">Its fair share as the scheduling core computed it.</param>
/// <param name="DemandGpus">GPUs of its running and pending jobs; the owner "has demand" when this is positive.</param>
public readonly record struct OwnerSample(double AllocatedGpus, double FairShareGpus, double DemandGpus);
