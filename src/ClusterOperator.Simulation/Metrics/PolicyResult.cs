using ClusterOperator.Simulation.Replay;

namespace ClusterOperator.Simulation.Metrics;

/// <summary>Everything one policy's replay produced: its figures, its timeline, its queueing delays for the CDF, and each job's outcome.</summary>
public sealed record PolicyResult(PolicyMetrics Metrics, PolicyTimeline Timeline, IReadOnlyList<double> AscendingQueueSeconds, IReadOnlyList<JobOutcome> Outcomes)
{
    /// <summary>Planning effort of the replay that produced it; null when not produced by a replay.</summary>
    public ReplayStatistics? Statistics { get; init; }

    /// <summary>Within-share waits past the bound and where the GPU-seconds went; null when not produced by a replay.</summary>
    public ReplayDiagnostics? Diagnostics { get; init; }
}
