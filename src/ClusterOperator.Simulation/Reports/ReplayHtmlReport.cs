using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using ClusterOperator.Simulation.Metrics;
using ClusterOperator.Simulation.Replay;

namespace ClusterOperator.Simulation.Reports;

/// <summary>
/// Writes one self-contained HTML file: the figures as a table, and charts (queueing-delay CDF per policy,
/// utilisation over time, per-owner allocation against fair share) drawn as inline SVG by inline script from
/// data embedded in the page, so it works with no network.
/// </summary>
public static partial class ReplayHtmlReport
{
    /// <summary>Points kept per CDF curve: plenty for a smooth line, small enough for a light file.</summary>
    private const int CdfPoints = 400;

    private const int SeriesDecimals = 3;

    /// <summary>Longest within-share waits listed per policy.</summary>
    private const int WaitsShown = 20;

    public static string Render(ReplayResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var title = $"{result.Trace} on {result.Gpus} GPUs";
        return Placeholder().Replace(LoadTemplate(), match => match.Groups[1].Value switch
        {
            "TITLE" => WebUtility.HtmlEncode(title),
            "TABLE" => RenderTable(result) + RenderDiagnostics(result),
            _ => RenderData(result),
        });
    }

    public static async Task WriteFileAsync(string path, ReplayResult result, CancellationToken cancellationToken)
    {
        await File.WriteAllTextAsync(path, Render(result), Encoding.UTF8, cancellationToken);
    }

    /// <summary>Points (delay, fraction of jobs at or below it) sampled evenly by rank from ascending delays.</summary>
    internal static IReadOnlyList<(double Seconds, double Fraction)> CdfOf(IReadOnlyList<double> ascending)
    {
        var n = ascending.Count;
        if (n == 0)
        {
            return [];
        }

        var points = new List<(double, double)>();
        var steps = Math.Min(CdfPoints, n);
        for (var k = 0; k < steps; k++)
        {
            var index = steps == 1 ? n - 1 : (int)Math.Round((double)k * (n - 1) / (steps - 1));
            points.Add((ascending[index], (index + 1.0) / n));
        }

        return points;
    }

    private static string RenderTable(ReplayResult result)
    {
        var metrics = result.Policies.Select(p => p.Metrics).ToList();
        var html = new StringBuilder("<table>\n<tr><th>metric</th>");
        foreach (var m in metrics)
        {
            html.Append("<th>").Append(WebUtility.HtmlEncode(m.Policy)).Append("</th>");
        }

        html.Append("</tr>\n");
        foreach (var (label, format) in MetricRows.For(metrics))
        {
            html.Append("<tr><td>").Append(WebUtility.HtmlEncode(label)).Append("</td>");
            foreach (var m in metrics)
            {
                html.Append("<td class=\"num\">").Append(WebUtility.HtmlEncode(format(m))).Append("</td>");
            }

            html.Append("</tr>\n");
        }

        return html.Append("</table>").ToString();
    }

    /// <summary>Per policy: where the GPU-seconds went, and the longest within-share waits with the core's reasons.</summary>
    private static string RenderDiagnostics(ReplayResult result)
    {
        var html = new StringBuilder();
        foreach (var policy in result.Policies)
        {
            if (policy.Diagnostics is not { } d)
            {
                continue;
            }

            var name = policy.Metrics.Policy;
            html.Append("\n<section class=\"diagnostics\"><h3>").Append(WebUtility.HtmlEncode(name)).Append("</h3>\n<p>")
                .Append(WebUtility.HtmlEncode(DiagnosticText.Capacity(name, d, policy.Metrics.Jobs))).Append("</p>\n<p>")
                .Append(WebUtility.HtmlEncode(DiagnosticText.WaitSummary(name, d))).Append("</p>\n");
            if (d.LongWithinShareWaits.Count > 0)
            {
                html.Append("<table class=\"waits\">\n<tr>");
                foreach (var column in DiagnosticText.WaitColumns)
                {
                    html.Append("<th>").Append(WebUtility.HtmlEncode(column)).Append("</th>");
                }

                html.Append("</tr>\n");
                foreach (var wait in d.LongWithinShareWaits.Take(WaitsShown))
                {
                    html.Append("<tr>");
                    foreach (var cell in DiagnosticText.WaitRow(wait, d.WithinShareBoundSeconds))
                    {
                        html.Append("<td>").Append(WebUtility.HtmlEncode(cell)).Append("</td>");
                    }

                    html.Append("</tr>\n");
                }

                html.Append("</table>\n");
            }

            html.Append("</section>");
        }

        return html.ToString();
    }

    private static string RenderData(ReplayResult result)
    {
        // The default encoder escapes <, > and &, so the JSON cannot close the script element it sits in.
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            writer.WriteString("trace", result.Trace);
            writer.WriteNumber("gpus", result.Gpus);
            writer.WriteStartArray("policies");
            foreach (var policy in result.Policies)
            {
                WritePolicy(writer, policy);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void WritePolicy(Utf8JsonWriter writer, PolicyResult policy)
    {
        writer.WriteStartObject();
        writer.WriteString("policy", policy.Metrics.Policy);
        writer.WriteStartObject("timeline");
        writer.WriteNumber("start", policy.Timeline.StartSeconds);
        writer.WriteNumber("bucket", policy.Timeline.BucketSeconds);
        WriteSeries(writer, "utilization", policy.Timeline.Utilization);
        writer.WriteStartArray("owners");
        foreach (var owner in policy.Timeline.Owners)
        {
            writer.WriteStartObject();
            writer.WriteString("owner", owner.Owner);
            WriteSeries(writer, "allocated", owner.AllocatedGpus);
            WriteSeries(writer, "share", owner.FairShareGpus);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
        writer.WriteStartArray("queueCdf");
        foreach (var (seconds, fraction) in CdfOf(policy.AscendingQueueSeconds))
        {
            writer.WriteStartArray();
            writer.WriteNumberValue(Math.Round(seconds, SeriesDecimals));
            writer.WriteNumberValue(Math.Round(fraction, 6));
            writer.WriteEndArray();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static void WriteSeries(Utf8JsonWriter writer, string name, IReadOnlyList<double> values)
    {
        writer.WriteStartArray(name);
        foreach (var value in values)
        {
            writer.WriteNumberValue(Math.Round(value, SeriesDecimals));
        }

        writer.WriteEndArray();
    }

    private static string LoadTemplate()
    {
        using var stream = typeof(ReplayHtmlReport).Assembly.GetManifestResourceStream("ClusterOperator.Simulation.Reports.ReplayReport.template.html")
            ?? throw new InvalidOperationException("the replay report template is missing from the assembly");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }

    [GeneratedRegex(@"\{\{(TITLE|TABLE|DATA)\}\}")]
    private static partial Regex Placeholder();
}
