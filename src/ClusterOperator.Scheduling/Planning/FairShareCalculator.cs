namespace ClusterOperator.Scheduling.Planning;

/// <summary>
/// Rule 2: per GPU type, a weighted, demand-capped water-filling across owners with demand (each owner's idea
/// demand up to the idea guarantee is a floor, rule 5), then an equal one across each owner's workloads.
/// </summary>
internal static class FairShareCalculator
{
    public static void Compute(PlanState state)
    {
        // One pass groups the runs with demand by pool and owner (owners in name order).
        var runs = new List<WorkloadState>?[state.PoolTypes.Count, state.Owners.Count];
        foreach (var w in state.Workloads)
        {
            if (w.DemandGpus > 0)
            {
                (runs[w.Pool, w.Owner.Index] ??= []).Add(w);
            }
        }

        for (var pool = 0; pool < state.PoolTypes.Count; pool++)
        {
            var owners = new List<Owner>();
            var demand = new List<double>();
            var floor = new List<double>();
            foreach (var owner in state.Owners)
            {
                if (runs[pool, owner.Index] is { } mine)
                {
                    owners.Add(owner);
                    demand.Add(mine.Sum(w => w.DemandGpus));
                    floor.Add(Math.Min(state.Options.IdeaGuaranteeGpus, mine.Where(w => w.IsIdea).Sum(w => w.DemandGpus)));
                }
            }

            var shares = WaterFilling.Divide(state.PoolCapacity[pool], demand, [.. owners.Select(o => o.Weight)], floor);
            for (var i = 0; i < owners.Count; i++)
            {
                var owner = owners[i];
                owner.Demand[pool] = demand[i];
                owner.Share[pool] = shares[i];
                var mine = runs[pool, owner.Index]!;
                var runShares = WaterFilling.DivideEqually(shares[i], [.. mine.Select(w => w.DemandGpus)]);
                for (var r = 0; r < mine.Count; r++)
                {
                    mine[r].Share = runShares[r];
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
