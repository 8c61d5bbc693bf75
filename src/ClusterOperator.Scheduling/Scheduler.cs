using ClusterOperator.Scheduling.Planning;

namespace ClusterOperator.Scheduling;

/// <summary>The scheduling core's entry point.</summary>
public static class Scheduler
{
    /// <summary>
    /// Decides binds, evictions, reservations, resizes and waiting reasons for one instant.
    /// Pure and deterministic: the same snapshot (in any list order) always gives the same plan.
    /// </summary>
    public static SchedulingPlan Plan(ClusterSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        return new PlanRound(snapshot).Run();
    }
}
