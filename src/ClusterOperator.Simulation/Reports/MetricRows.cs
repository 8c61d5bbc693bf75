using System.Globalization;
using ClusterOperator.Simulation.Metrics;

namespace ClusterOperator.Simulation.Reports;

/// <summary>The labelled, formatted metric rows shared by the terminal table and the HTML report.</summary>
internal static class MetricRows
{
    public static readonly IReadOnlyList<(string Label, Func<PolicyMetrics, string> Format)> Always =
    [
        ("jobs", m => Count(m.Jobs)),
        ("invalid rows", m => Count(m.Invalid)),
        ("avg JCT (s)", m => Seconds(m.AvgJctSeconds)),
        ("p50 JCT (s)", m => Seconds(m.P50JctSeconds)),
        ("p99 JCT (s)", m => Seconds(m.P99JctSeconds)),
        ("avg queue (s)", m => Seconds(m.AvgQueueSeconds)),
        ("p50 queue (s)", m => Seconds(m.P50QueueSeconds)),
        ("p99 queue (s)", m => Seconds(m.P99QueueSeconds)),
        ("max queue (s)", m => Seconds(m.MaxQueueSeconds)),
        ("max within-share queue (s)", m => Seconds(m.MaxWithinShareQueueSeconds)),
        ("Jain index", m => Ratio(m.JainIndex)),
        ("share deviation", m => Ratio(m.ShareDeviation)),
        ("utilisation", m => Ratio(m.Utilization)),
        ("utilisation ÷ bound", m => Ratio(m.UtilizationVsBound)),
        ("preemptions", m => Count(m.Preemptions)),
        ("lost GPU-seconds", m => Seconds(m.LostGpuSeconds)),
        ("makespan (s)", m => Seconds(m.MakespanSeconds)),
    ];

    /// <summary>Shown only when some policy left jobs unfinished, since it is normally zero everywhere.</summary>
    public static readonly (string Label, Func<PolicyMetrics, string> Format) Unfinished = ("unfinished jobs", m => Count(m.Unfinished));

    public static IEnumerable<(string Label, Func<PolicyMetrics, string> Format)> For(IReadOnlyList<PolicyMetrics> metrics) =>
        metrics.Any(m => m.Unfinished > 0) ? [.. Always, Unfinished] : Always;

    private static string Count(int value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static string Seconds(double value) => value.ToString("N1", CultureInfo.InvariantCulture);

    private static string Ratio(double value) => value.ToString("F4", CultureInfo.InvariantCulture);
}
