namespace ClusterOperator.Simulation.Metrics;

/// <summary>The figures of one policy's replay; the JSON output writes them in this order under these names.</summary>
/// <param name="Policy">The policy name, e.g. fair-share.</param>
/// <param name="Jobs">Valid jobs replayed.</param>
/// <param name="Invalid">Trace rows skipped as invalid (including jobs that can never fit the cluster).</param>
/// <param name="AvgJctSeconds">Mean job completion time (submit to final completion).</param>
/// <param name="P50JctSeconds">Median job completion time (nearest rank).</param>
/// <param name="P99JctSeconds">99th percentile job completion time (nearest rank).</param>
/// <param name="AvgQueueSeconds">Mean queueing delay (submit to first start).</param>
/// <param name="P50QueueSeconds">Median queueing delay.</param>
/// <param name="P99QueueSeconds">99th percentile queueing delay.</param>
/// <param name="MaxQueueSeconds">Largest queueing delay.</param>
/// <param name="MaxWithinShareQueueSeconds">Largest queueing delay among jobs that were within share on arrival.</param>
/// <param name="JainIndex">Jain's index over allocation ÷ fair share of owners with demand, time-weighted.</param>
/// <param name="ShareDeviation">Mean |allocation ÷ fair share − 1| over owners with demand, time-weighted.</param>
/// <param name="Utilization">Allocated GPU-seconds ÷ capacity GPU-seconds over the makespan.</param>
/// <param name="UtilizationVsBound">
/// Allocated GPU-seconds ÷ the work-conserving bound, ∫ min(capacity, GPUs of submitted unfinished jobs) dt.
/// </param>
/// <param name="Preemptions">Evictions of running jobs.</param>
/// <param name="LostGpuSeconds">GPU-seconds of work thrown away by evictions.</param>
/// <param name="MakespanSeconds">Last completion minus first submission.</param>
/// <param name="Unfinished">Jobs the policy never completed (e.g. larger than a strict quota); not part of the JSON shape.</param>
public sealed record PolicyMetrics(
    string Policy,
    int Jobs,
    int Invalid,
    double AvgJctSeconds,
    double P50JctSeconds,
    double P99JctSeconds,
    double AvgQueueSeconds,
    double P50QueueSeconds,
    double P99QueueSeconds,
    double MaxQueueSeconds,
    double MaxWithinShareQueueSeconds,
    double JainIndex,
    double ShareDeviation,
    double Utilization,
    double UtilizationVsBound,
    int Preemptions,
    double LostGpuSeconds,
    double MakespanSeconds,
    int Unfinished);
