using ClusterOperator.Scheduling;

namespace ClusterOperator.Simulation.Replay;

/// <summary>The fair-share options one policy's replay runs with.</summary>
internal static class PolicyOptions
{
    /// <summary>
    /// The operator's options unchanged, except that a policy that never borrows gets every trace owner listed
    /// in Weights (weight 1 unless configured): its quota is capacity ÷ the trace's owners, fixed for the whole
    /// replay, rather than ÷ the owners that happen to have work at each instant.
    /// </summary>
    public static FairShareOptions For(SchedulingPolicy policy, FairShareOptions options, IReadOnlyList<string> owners)
    {
        if (!policy.NeverBorrow)
        {
            return options;
        }

        var copy = new FairShareOptions
        {
            UsageHalfLife = options.UsageHalfLife,
            MinRuntime = options.MinRuntime,
            DefaultGracePeriod = options.DefaultGracePeriod,
            IdeaGuaranteeGpus = options.IdeaGuaranteeGpus,
            IdeaMaxGpus = options.IdeaMaxGpus,
            IdeaDefaultDuration = options.IdeaDefaultDuration,
            IdeaMaxDuration = options.IdeaMaxDuration,
            StarvationThreshold = options.StarvationThreshold,
            ReclaimHysteresis = options.ReclaimHysteresis,
        };
        foreach (var (owner, weight) in options.Weights)
        {
            copy.Weights[owner] = weight;
        }

        foreach (var owner in owners)
        {
            copy.Weights.TryAdd(owner, 1);
        }

        return copy;
    }
}
