namespace ClusterOperator.Simulation.Replay;

/// <summary>How much planning one policy's replay did.</summary>
/// <param name="Plans">Calls of the core's Plan.</param>
/// <param name="FullQueuePlans">Plans given every pending workload: the window was off, or its shares could not be proven exact.</param>
/// <param name="PlanSeconds">Wall-clock seconds spent inside Plan.</param>
/// <param name="MaxPendingJobs">The longest the pending queue got.</param>
public sealed record ReplayStatistics(int Plans, int FullQueuePlans, double PlanSeconds, int MaxPendingJobs);
