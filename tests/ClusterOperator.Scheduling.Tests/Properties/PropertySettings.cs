using CsCheck;

namespace ClusterOperator.Scheduling.Tests.Properties;

/// <summary>Shared simulation settings: 10-second rounds, MinRuntime 1m, starvation after 5m.</summary>
public static class PropertySettings
{
    public static TimeSpan Round { get; } = TimeSpan.FromSeconds(10);

    /// <summary>Random cases per property: 40 keeps the suite quick on 2 cores; set CsCheck_Iter to search harder.</summary>
    public static int Iterations { get; } = int.TryParse(Environment.GetEnvironmentVariable("CsCheck_Iter"), out var iterations) ? iterations : 40;

    public static Gen<SchedulingPolicy> AnyPolicy { get; } = Gen.OneOfConst([.. SchedulingPolicy.Presets]);

    public static FairShareOptions Options(double hysteresis = 1.1, TimeSpan? starvation = null) => new()
    {
        MinRuntime = TimeSpan.FromMinutes(1),
        StarvationThreshold = starvation ?? TimeSpan.FromMinutes(5),
        ReclaimHysteresis = hysteresis,
    };

    /// <summary>Runs the simulation for the given rounds and hands each round's snapshot and plan to <paramref name="check"/>.</summary>
    public static void Simulate(ClusterSpec spec, SchedulingPolicy policy, int rounds, Action<ClusterSnapshot, SchedulingPlan> check, FairShareOptions? options = null)
    {
        var cluster = new SimulatedCluster(spec, options ?? Options(), policy, Round);
        for (var i = 0; i < rounds; i++)
        {
            var (snapshot, plan) = cluster.Step();
            check(snapshot, plan);
        }
    }
}
