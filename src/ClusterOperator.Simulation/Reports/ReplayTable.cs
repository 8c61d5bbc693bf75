using System.Globalization;
using ClusterOperator.Simulation.Metrics;
using ClusterOperator.Simulation.Replay;
using Spectre.Console;

namespace ClusterOperator.Simulation.Reports;

/// <summary>The terminal table of a replay: one row per metric, one column per policy, so policies compare side by side.</summary>
public static class ReplayTable
{
    public static Table Build(ReplayResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var table = new Table()
            .Title(Markup.Escape($"{result.Trace} on {result.Gpus} GPUs"))
            .AddColumn("metric");
        foreach (var policy in result.Policies)
        {
            table.AddColumn(new TableColumn(Markup.Escape(policy.Metrics.Policy)).RightAligned());
        }

        var metrics = result.Policies.Select(p => p.Metrics).ToList();
        foreach (var (label, format) in MetricRows.For(metrics))
        {
            table.AddRow([Markup.Escape(label), .. metrics.Select(format)]);
        }

        return table;
    }

    /// <summary>
    /// Writes the table, the planning statistics and diagnostics (with each policy's longest within-share waits),
    /// then the skipped rows (the first few in full, then a count).
    /// </summary>
    public static void Write(IAnsiConsole console, ReplayResult result, int invalidRowsShown = 20, int waitsShown = 5)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(result);
        console.Write(Build(result));
        foreach (var policy in result.Policies)
        {
            if (policy.Statistics is { } stats)
            {
                console.WriteLine(string.Create(
                    CultureInfo.InvariantCulture,
                    $"{policy.Metrics.Policy}: {stats.Plans:N0} plans ({stats.WindowedPlans:N0} windowed, {stats.WindowFallbacks:N0} replanned with more whole queues), {stats.PlanSeconds:F1} s in Plan, longest queue {stats.MaxPendingJobs:N0} jobs"));
            }
        }

        foreach (var policy in result.Policies)
        {
            if (policy.Diagnostics is { } diagnostics)
            {
                WriteDiagnostics(console, policy.Metrics.Policy, policy.Metrics.Jobs, diagnostics, waitsShown);
            }
        }

        if (result.InvalidRows.Count == 0)
        {
            return;
        }

        console.WriteLine($"{result.InvalidRows.Count} invalid row(s) skipped:");
        foreach (var row in result.InvalidRows.Take(invalidRowsShown))
        {
            console.WriteLine("  " + row);
        }

        if (result.InvalidRows.Count > invalidRowsShown)
        {
            var ids = string.Join(", ", result.InvalidRows.Skip(invalidRowsShown).Select(r => r.Id ?? $"line {r.Line}"));
            console.WriteLine($"  and {result.InvalidRows.Count - invalidRowsShown} more, ids: {ids}");
        }
    }

    private static void WriteDiagnostics(IAnsiConsole console, string policy, int jobs, ReplayDiagnostics diagnostics, int waitsShown)
    {
        console.WriteLine(DiagnosticText.Capacity(policy, diagnostics, jobs));
        console.WriteLine(DiagnosticText.WaitSummary(policy, diagnostics));
        if (diagnostics.LongWithinShareWaits.Count == 0 || waitsShown <= 0)
        {
            return;
        }

        console.WriteLine($"{policy}: longest within-share waits:");
        foreach (var wait in diagnostics.LongWithinShareWaits.Take(waitsShown))
        {
            console.WriteLine(DiagnosticText.WaitLine(wait, diagnostics.WithinShareBoundSeconds));
        }
    }
}
