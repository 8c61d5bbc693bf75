namespace ClusterOperator.Simulation.Replay;

/// <summary>How much planning one policy's replay did.</summary>
/// <param name="Plans">Calls of the core's Plan.</param>
/// <param name="WindowedPlans">Plans that were given only the head of some owner's queue and were proven exact.</param>
/// <param name="WindowFallbacks">Windowed plans that could not be proven exact and were redone showing more whole queues.</param>
/// <param name="PlanSeconds">Wall-clock seconds spent inside Plan.</param>
/// <param name="MaxPendingJobs">The longest the pending queue got.</param>
public sealed record ReplayStatistics(int Plans, int WindowedPlans, int WindowFallbacks, double PlanSeconds, int MaxPendingJobs);
