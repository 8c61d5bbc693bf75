namespace ClusterOperator.Scheduling.Planning;

/// <summary>
/// Rule 2: per GPU type, a weighted, demand-capped water-filling across owners with demand (each owner's idea
/// demand up to the idea guarantee is a floor, rule 5), then an equal one across each owner's workloads.
/// </summary>
internal static class FairShareCalculator
{
    public static void Compute(PlanState state)
    {
        // One counting pass buckets the runs with demand by pool and owner: bucket (pool, owner) holds
        // runs[start[b] .. start[b + 1]), in id order.
        var ownerCount = state.Owners.Count;
        var start = new int[(state.PoolTypes.Count * ownerCount) + 1];
        foreach (var w in state.Workloads)
        {
            if (w.DemandGpus > 0)
            {
                start[(w.Pool * ownerCount) + w.Owner.Index + 1]++;
            }
        }

        for (var b = 1; b < start.Length; b++)
        {
            start[b] += start[b - 1];
        }

        var runs = new WorkloadState[start[^1]];
        var fill = (int[])start.Clone();
        foreach (var w in state.Workloads)
        {
            if (w.DemandGpus > 0)
            {
                runs[fill[(w.Pool * ownerCount) + w.Owner.Index]++] = w;
            }
        }

        for (var pool = 0; pool < state.PoolTypes.Count; pool++)
        {
            var owners = new List<Owner>();
            var demand = new List<double>();
            var floor = new List<double>();
            var weight = new List<double>();
            foreach (var owner in state.Owners)
            {
                var b = (pool * ownerCount) + owner.Index;
                if (start[b] == start[b + 1])
                {
                    continue;
                }

                double total = 0, ideas = 0;
                for (var r = start[b]; r < start[b + 1]; r++)
                {
                    total += runs[r].DemandGpus;
                    ideas += runs[r].IsIdea ? runs[r].DemandGpus : 0;
                }

                owners.Add(owner);
                demand.Add(total);
                floor.Add(Math.Min(state.Options.IdeaGuaranteeGpus, ideas));
                weight.Add(owner.Weight);
            }

            var shares = WaterFilling.Divide(state.PoolCapacity[pool], demand, weight, floor);
            for (var i = 0; i < owners.Count; i++)
            {
                var owner = owners[i];
                owner.Demand[pool] = demand[i];
                owner.Share[pool] = shares[i];
                var b = (pool * ownerCount) + owner.Index;
                var runDemand = new double[start[b + 1] - start[b]];
                for (var r = 0; r < runDemand.Length; r++)
                {
                    runDemand[r] = runs[start[b] + r].DemandGpus;
                }

                var runShares = WaterFilling.DivideEqually(shares[i], runDemand);
                for (var r = 0; r < runShares.Length; r++)
                {
                    runs[start[b] + r].Share = runShares[r];
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
