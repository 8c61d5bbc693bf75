namespace ClusterOperator.Scheduling.Planning;

/// <summary>
/// Rule 2: per GPU type, a weighted, demand-capped water-filling across owners with demand (each owner's idea
/// demand up to the idea guarantee is a floor, rule 5), then an equal one across each owner's workloads.
/// </summary>
internal static class FairShareCalculator
{
    public static void Compute(PlanState state)
    {
        for (var pool = 0; pool < state.PoolTypes.Count; pool++)
        {
            var byOwner = state.Workloads.Where(w => w.Pool == pool && w.DemandGpus > 0).GroupBy(w => w.Owner).OrderBy(g => g.Key.Index).ToList();
            var demand = byOwner.Select(g => g.Sum(w => w.DemandGpus)).ToList();
            var weight = byOwner.Select(g => g.Key.Weight).ToList();
            var floor = byOwner.Select(g => Math.Min(state.Options.IdeaGuaranteeGpus, g.Where(w => w.IsIdea).Sum(w => w.DemandGpus))).ToList();
            var shares = WaterFilling.Divide(state.PoolCapacity[pool], demand, weight, floor);
            for (var i = 0; i < byOwner.Count; i++)
            {
                var owner = byOwner[i].Key;
                owner.Demand[pool] = demand[i];
                owner.Share[pool] = shares[i];
                var runs = byOwner[i].ToList();
                var runShares = WaterFilling.Divide(shares[i], [.. runs.Select(w => w.DemandGpus)], [.. runs.Select(_ => 1.0)], [.. runs.Select(_ => 0.0)]);
                for (var r = 0; r < runs.Count; r++)
                {
                    runs[r].Share = runShares[r];
                }
            }

            if (state.Policy.NeverBorrow)
            {
                SetQuotas(state, pool);
            }
        }
    }

    /// <summary>A static quota: capacity × weight ÷ the total weight of every owner known now (with work or a configured weight).</summary>
    private static void SetQuotas(PlanState state, int pool)
    {
        var known = state.Owners.Select(o => o.Name).Concat(state.Options.WeightedOwners).Distinct(StringComparer.Ordinal);
        var totalWeight = known.Sum(state.Options.WeightOf);
        foreach (var owner in state.Owners)
        {
            owner.Quota[pool] = totalWeight > 0 ? state.PoolCapacity[pool] * owner.Weight / totalWeight : 0;
        }
    }
}
