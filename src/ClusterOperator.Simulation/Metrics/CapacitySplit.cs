namespace ClusterOperator.Simulation.Metrics;

/// <summary>
/// Where the cluster's GPU-seconds went over the makespan (capacity × makespan in all): training, held by evicted
/// pods during their grace period, reserved and idle (kept free for a reclaiming or starving job or a moved run),
/// idle while work waited (nothing waiting fitted), and idle with nothing to run.
/// </summary>
public sealed record CapacitySplit(double RunningGpuSeconds, double TerminatingGpuSeconds, double ReservedIdleGpuSeconds, double IdleWithWorkGpuSeconds, double TotalGpuSeconds)
{
    public double IdleWithoutWorkGpuSeconds => Math.Max(0, TotalGpuSeconds - RunningGpuSeconds - TerminatingGpuSeconds - ReservedIdleGpuSeconds - IdleWithWorkGpuSeconds);
}
