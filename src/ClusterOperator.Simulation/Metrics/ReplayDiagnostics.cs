namespace ClusterOperator.Simulation.Metrics;

/// <summary>Why one policy's figures are what they are: printed under the table and in the HTML report, never in the JSON.</summary>
/// <param name="WithinShareBoundSeconds">MinRuntime + default grace period + one planning round.</param>
/// <param name="LongWithinShareWaits">Jobs within share at arrival that waited past the bound, longest first.</param>
/// <param name="Capacity">Where the GPU-seconds went.</param>
/// <param name="EvictedJobs">Jobs evicted at least once.</param>
/// <param name="OffGpuSeconds">Summed over jobs: time between first start and completion spent not running (evicted, terminating, waiting again).</param>
public sealed record ReplayDiagnostics(double WithinShareBoundSeconds, IReadOnlyList<WithinShareWait> LongWithinShareWaits, CapacitySplit Capacity, int EvictedJobs, double OffGpuSeconds);
