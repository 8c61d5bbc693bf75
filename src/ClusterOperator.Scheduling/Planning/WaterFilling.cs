namespace ClusterOperator.Scheduling.Planning;

/// <summary>
/// Weighted, demand-capped max-min division with floors: find the water level λ at which
/// Σ min(demand, max(floor, weight × λ)) equals the capacity. No share exceeds its demand, and what a
/// capped claimant leaves is redistributed to the others by construction.
/// </summary>
internal static class WaterFilling
{
    public static double[] Divide(double capacity, IReadOnlyList<double> demand, IReadOnlyList<double> weight, IReadOnlyList<double> floor)
    {
        var n = demand.Count;
        var shares = new double[n];
        var d = new double[n];
        var f = new double[n];
        double totalDemand = 0, totalFloor = 0;
        for (var i = 0; i < n; i++)
        {
            d[i] = Math.Max(0, demand[i]);
            f[i] = Math.Clamp(floor[i], 0, d[i]);
            totalDemand += d[i];
            totalFloor += f[i];
        }

        capacity = Math.Max(0, capacity);
        if (totalDemand <= capacity)
        {
            return d;
        }

        if (totalFloor >= capacity)
        {
            for (var i = 0; i < n; i++)
            {
                shares[i] = totalFloor > 0 ? f[i] * capacity / totalFloor : 0;
            }

            return shares;
        }

        var level = Level(capacity, d, f, weight, totalFloor);
        for (var i = 0; i < n; i++)
        {
            shares[i] = Math.Min(d[i], Math.Max(f[i], weight[i] * level));
        }

        return shares;
    }

    /// <summary>Equal weights and no floors (the second level, across an owner's runs): a sort of the demands.</summary>
    public static double[] DivideEqually(double capacity, double[] demand)
    {
        var total = demand.Sum();
        if (total <= capacity)
        {
            return [.. demand];
        }

        var sorted = (double[])demand.Clone();
        Array.Sort(sorted);
        var level = 0.0;
        var remaining = Math.Max(0, capacity);
        for (var i = 0; i < sorted.Length; i++)
        {
            level = remaining / (sorted.Length - i);
            if (sorted[i] > level)
            {
                break;
            }

            remaining -= sorted[i];
        }

        return [.. demand.Select(d => Math.Min(d, level))];
    }

    /// <summary>Sweeps the breakpoints where a claimant starts rising above its floor or reaches its demand.</summary>
    private static double Level(double capacity, double[] d, double[] f, IReadOnlyList<double> weight, double totalFloor)
    {
        var events = new List<(double At, int Claimant, bool Start)>();
        double slope = 0;
        for (var i = 0; i < d.Length; i++)
        {
            if (d[i] <= 0)
            {
                continue;
            }

            if (f[i] > 0)
            {
                events.Add((f[i] / weight[i], i, true));
            }
            else
            {
                slope += weight[i];
            }

            events.Add((d[i] / weight[i], i, false));
        }

        events.Sort((a, b) => a.At.CompareTo(b.At));
        double level = 0, sum = totalFloor;
        foreach (var (at, claimant, start) in events)
        {
            if (slope > 0 && sum + (slope * (at - level)) >= capacity)
            {
                return level + ((capacity - sum) / slope);
            }

            sum += slope * (at - level);
            level = at;
            slope += start ? weight[claimant] : -weight[claimant];
        }

        return level;
    }
}
