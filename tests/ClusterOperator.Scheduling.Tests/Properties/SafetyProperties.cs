using CsCheck;
using Xunit;

namespace ClusterOperator.Scheduling.Tests.Properties;

/// <summary>Invariants that hold in every round of every policy, over random clusters and arrivals.</summary>
public sealed class SafetyProperties
{
    [Fact]
    public void A_node_is_never_over_allocated()
    {
        Gen.Select(Generators.Mixed(), PropertySettings.AnyPolicy)
            .Sample((spec, policy) => PropertySettings.Simulate(spec, policy, 60, Invariants.NoNodeOverAllocated), iter: PropertySettings.Iterations);
    }

    [Fact]
    public void Gangs_are_bound_and_evicted_whole_and_elastic_runs_stay_in_bounds()
    {
        Gen.Select(Generators.Mixed(), PropertySettings.AnyPolicy)
            .Sample((spec, policy) => PropertySettings.Simulate(spec, policy, 60, Invariants.GangsIntact), iter: PropertySettings.Iterations);
    }

    [Fact]
    public void No_GPU_stays_idle_while_a_waiting_workload_could_use_it()
    {
        Gen.Select(Generators.Mixed(), PropertySettings.AnyPolicy)
            .Sample((spec, policy) => PropertySettings.Simulate(spec, policy, 60, Invariants.WorkConserved), iter: PropertySettings.Iterations);
    }
}
