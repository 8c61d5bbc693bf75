namespace ClusterOperator.Scheduling.Planning;

/// <summary>An owner's accounting during one plan, per GPU-type pool.</summary>
internal sealed class Owner(string name, int index, double weight, double usageGpus, int pools)
{
    public string Name { get; } = name;

    /// <summary>Position in name order: the last tie-break everywhere.</summary>
    public int Index { get; } = index;

    public double Weight { get; } = weight;

    /// <summary>Decayed usage in steady-state GPUs (<see cref="UsageDecay.ToGpus"/>).</summary>
    public double UsageGpus { get; } = usageGpus;

    /// <summary>GPUs of its non-terminating pods, including this plan's binds and minus this plan's evictions.</summary>
    public int[] Allocated { get; } = new int[pools];

    /// <summary>GPUs this plan reserves for its pending workloads.</summary>
    public int[] Reserved { get; } = new int[pools];

    /// <summary>GPUs of MinRuntime-protected runs this plan's reservations wait for: spoken for, so not reclaimable again.</summary>
    public int[] Promised { get; } = new int[pools];

    public double[] Demand { get; } = new double[pools];

    public double[] Share { get; } = new double[pools];

    /// <summary>Cap under policies that never borrow.</summary>
    public double[] Quota { get; } = new double[pools];

    /// <summary>Idea GPUs held or reserved, for the idea guarantee.</summary>
    public int IdeaGpus { get; set; }

    public int AllocatedTotal { get; private set; }

    /// <summary>Rule 1's ordering value: (allocated + decayed usage) ÷ weight.</summary>
    public double Fairness => (AllocatedTotal + UsageGpus) / Weight;

    /// <summary>Allocation that is still reclaimable: allocated minus what reservations already wait for.</summary>
    public int Reclaimable(int pool) => Allocated[pool] - Promised[pool];

    public void Allocate(int pool, int gpus)
    {
        Allocated[pool] += gpus;
        AllocatedTotal += gpus;
    }
}
