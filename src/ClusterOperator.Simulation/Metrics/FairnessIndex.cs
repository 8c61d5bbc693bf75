namespace ClusterOperator.Simulation.Metrics;

/// <summary>Instantaneous fairness over the owners that have demand, each scored by allocation ÷ fair share.</summary>
public static class FairnessIndex
{
    /// <summary>
    /// Jain's index (Σx)² ÷ (n·Σx²) over x = allocation ÷ fair share of owners with demand and a positive share;
    /// null when no such owner exists or all of them hold nothing (the index is undefined there).
    /// </summary>
    public static double? Jain(ReadOnlySpan<OwnerSample> owners)
    {
        double sum = 0, sumOfSquares = 0;
        var n = 0;
        foreach (var owner in owners)
        {
            if (Counts(owner))
            {
                var x = owner.AllocatedGpus / owner.FairShareGpus;
                sum += x;
                sumOfSquares += x * x;
                n++;
            }
        }

        return sumOfSquares > 0 ? sum * sum / (n * sumOfSquares) : null;
    }

    /// <summary>The mean of |allocation ÷ fair share − 1| over owners with demand and a positive share; null when there are none.</summary>
    public static double? ShareDeviation(ReadOnlySpan<OwnerSample> owners)
    {
        double sum = 0;
        var n = 0;
        foreach (var owner in owners)
        {
            if (Counts(owner))
            {
                sum += Math.Abs(owner.AllocatedGpus / owner.FairShareGpus - 1);
                n++;
            }
        }

        return n > 0 ? sum / n : null;
    }

    private static bool Counts(OwnerSample owner) => owner.DemandGpus > 0 && owner.FairShareGpus > 0;
}
