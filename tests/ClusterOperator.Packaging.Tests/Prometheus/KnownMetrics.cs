namespace ClusterOperator.Packaging.Tests.Prometheus;

/// <summary>The metric names the operator exports, as they appear in a scrape.</summary>
internal static class KnownMetrics
{
    /// <summary>The table of issue 6, with each metric's kind.</summary>
    public static IReadOnlyDictionary<string, string> Issue6Table { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["clusteroperator_gpus_capacity"] = "gauge",
        ["clusteroperator_gpus_allocated"] = "gauge",
        ["clusteroperator_gpus_fair_share"] = "gauge",
        ["clusteroperator_runs"] = "gauge",
        ["clusteroperator_pending_runs"] = "gauge",
        ["clusteroperator_wait_seconds"] = "histogram",
        ["clusteroperator_bind_latency_seconds"] = "histogram",
        ["clusteroperator_preemptions_total"] = "counter",
        ["clusteroperator_reclaimed_gpus_total"] = "counter",
        ["clusteroperator_plan_duration_seconds"] = "histogram",
        ["clusteroperator_reconcile_total"] = "counter",
        ["clusteroperator_workqueue_depth"] = "gauge",
        ["clusteroperator_api_retries_total"] = "counter",
        ["clusteroperator_watch_restarts_total"] = "counter",
        ["clusteroperator_leader"] = "gauge",
    };

    /// <summary>The two gauges RunStarving compares: the longest within-share wait, and its bound.</summary>
    public static IReadOnlySet<string> StarvationGauges { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "clusteroperator_within_share_wait_seconds_max",
        "clusteroperator_wait_bound_seconds",
    };

    private static readonly string[] HistogramSeries = ["_bucket", "_sum", "_count"];

    /// <summary>True if <paramref name="series"/> is a series of a metric in issue 6's table, or Prometheus's own <c>up</c>.</summary>
    public static bool InIssue6TableOrUp(string series) =>
        series == "up"
        || Issue6Table.ContainsKey(series)
        || HistogramSeries.Any(suffix =>
            series.EndsWith(suffix, StringComparison.Ordinal)
            && Issue6Table.GetValueOrDefault(series[..^suffix.Length]) == "histogram");

    public static bool Exported(string series) => InIssue6TableOrUp(series) || StarvationGauges.Contains(series);
}
