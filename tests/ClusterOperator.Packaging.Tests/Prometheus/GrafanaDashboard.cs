using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace ClusterOperator.Packaging.Tests.Prometheus;

/// <summary>The chart's Grafana dashboard and the PromQL it runs.</summary>
internal static partial class GrafanaDashboard
{
    private static readonly string Text = RepositoryPaths.ReadAllText("charts", "cluster-operator", "dashboards", "cluster-operator.json");

    public static JsonObject Json => JsonNode.Parse(Text)!.AsObject();

    /// <summary>The panels, rows included.</summary>
    public static IEnumerable<JsonObject> Panels => Json["panels"]!.AsArray().Select(p => p!.AsObject());

    /// <summary>Each query panel's title and its targets' PromQL.</summary>
    public static IEnumerable<(string Title, string Expression)> Queries =>
        Panels.Where(p => p["targets"] is not null)
            .SelectMany(p => p["targets"]!.AsArray().Select(t => ((string)p["title"]!, (string)t!["expr"]!)));

    /// <summary>The metrics that template variables query, e.g. <c>label_values(metric, label)</c>.</summary>
    public static IEnumerable<string> VariableMetrics =>
        Json["templating"]!["list"]!.AsArray()
            .Where(v => (string?)v!["type"] == "query")
            .Select(v => LabelValues().Match((string)v!["query"]!["query"]!))
            .Select(m => m.Success ? m.Groups[1].Value : throw new InvalidOperationException("A variable query is not label_values(metric, label)."));

    /// <summary>
    /// The expression as Prometheus will receive it: Grafana substitutes its variables first, with a range
    /// for <c>$__rate_interval</c> and a regex for a multi-value variable.
    /// </summary>
    public static string Substituted(string expression) =>
        expression.Replace("$__rate_interval", "1m", StringComparison.Ordinal).Replace("$owner", ".*", StringComparison.Ordinal);

    [GeneratedRegex(@"^label_values\(\s*([a-zA-Z_:][a-zA-Z0-9_:]*)\s*,\s*[a-zA-Z_][a-zA-Z0-9_]*\s*\)$")]
    private static partial Regex LabelValues();
}
