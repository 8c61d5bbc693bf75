using System.Text.Json.Nodes;
using ClusterOperator.Packaging.Tests.Chart;

namespace ClusterOperator.Packaging.Tests.Prometheus;

public sealed class DashboardTests
{
    [Fact]
    public void The_dashboard_is_valid_json_with_unique_panel_ids()
    {
        var dashboard = GrafanaDashboard.Json;

        Assert.Equal("clusteroperator", (string?)dashboard["uid"]);
        var ids = GrafanaDashboard.Panels.Select(p => (long)p["id"]!).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.All(GrafanaDashboard.Panels, p => Assert.NotNull(p["gridPos"]));
    }

    [Fact]
    public void Every_query_names_only_metrics_of_issue_6_or_up()
    {
        var names = GrafanaDashboard.Queries.SelectMany(q => PromQl.MetricNames(q.Expression).Select(m => (q.Title, Metric: m)))
            .Concat(GrafanaDashboard.VariableMetrics.Select(m => (Title: "variable", Metric: m)))
            .ToList();

        Assert.NotEmpty(names);
        var unknown = names.Where(n => !KnownMetrics.InIssue6TableOrUp(n.Metric)).ToList();
        Assert.True(unknown.Count == 0, "Not in issue 6's table: " + string.Join("; ", unknown.Select(u => $"{u.Metric} in \"{u.Title}\"")));
    }

    [Theory]
    [InlineData("GPU allocation against fair share, per owner", new[] { "clusteroperator_gpus_allocated", "clusteroperator_gpus_fair_share" })]
    [InlineData("GPU utilisation", new[] { "clusteroperator_gpus_allocated", "clusteroperator_gpus_capacity" })]
    [InlineData("Pending runs by reason", new[] { "clusteroperator_pending_runs" })]
    [InlineData("Wait p50 and p99", new[] { "clusteroperator_wait_seconds_bucket" })]
    [InlineData("Preemptions per second", new[] { "clusteroperator_preemptions_total" })]
    [InlineData("Plan latency", new[] { "clusteroperator_plan_duration_seconds_bucket" })]
    [InlineData("Replicas up and leader", new[] { "up", "clusteroperator_leader" })]
    public void The_panels_of_issue_6_query_their_metrics(string title, string[] metrics)
    {
        var queried = GrafanaDashboard.Queries.Where(q => q.Title == title).SelectMany(q => PromQl.MetricNames(q.Expression)).ToHashSet();

        Assert.True(queried.Count > 0, $"The dashboard has no panel \"{title}\".");
        Assert.Empty(metrics.Except(queried));
    }

    [Fact]
    public void Wait_panel_shows_p50_and_p99()
    {
        var expressions = GrafanaDashboard.Queries.Where(q => q.Title == "Wait p50 and p99").Select(q => q.Expression).ToList();

        Assert.Contains(expressions, e => e.StartsWith("histogram_quantile(0.5,", StringComparison.Ordinal));
        Assert.Contains(expressions, e => e.StartsWith("histogram_quantile(0.99,", StringComparison.Ordinal));
    }

    /// <summary>promtool parses each query as a recording rule, so a syntax error fails here rather than in Grafana.</summary>
    [Fact]
    public async Task Every_query_parses_as_PromQL()
    {
        var rules = new JsonObject
        {
            ["groups"] = new JsonArray(new JsonObject
            {
                ["name"] = "dashboard",
                ["rules"] = new JsonArray([.. GrafanaDashboard.Queries.Select((q, i) => (JsonNode)new JsonObject
                {
                    ["record"] = $"dashboard:query_{i}",
                    ["expr"] = GrafanaDashboard.Substituted(q.Expression),
                })]),
            }),
        };
        var file = Path.Combine(Path.GetTempPath(), $"dashboard-rules-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, rules.ToJsonString());
        try
        {
            var result = await PromtoolRunner.RunAsync("check", "rules", file);

            Assert.True(result.Succeeded, result.Describe());
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task The_dashboard_ships_as_a_ConfigMap_for_the_grafana_sidecar()
    {
        var chart = await RenderedCharts.AllFeatures;

        var configMap = chart.OfKind("ConfigMap").Single(c => c["metadata"]!["labels"]!["grafana_dashboard"] is not null);
        Assert.Equal("1", (string?)configMap["metadata"]!["labels"]!["grafana_dashboard"]);
        Assert.Equal("GPU", (string?)configMap["metadata"]!["annotations"]!["grafana_folder"]);
        var shipped = JsonNode.Parse((string)configMap["data"]!["cluster-operator.json"]!);
        Assert.True(JsonNode.DeepEquals(GrafanaDashboard.Json, shipped), "The ConfigMap's dashboard differs from dashboards/cluster-operator.json.");
    }
}
