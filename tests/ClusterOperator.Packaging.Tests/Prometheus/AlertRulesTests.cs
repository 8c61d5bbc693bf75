using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ClusterOperator.Packaging.Tests.Chart;
using ClusterOperator.Packaging.Tests.Yaml;

namespace ClusterOperator.Packaging.Tests.Prometheus;

public sealed class AlertRulesTests
{
    private static readonly string RulesFile = RepositoryPaths.Combine("config", "prometheus", "alerts.yaml");
    private static readonly string RulesTestFile = RepositoryPaths.Combine("config", "prometheus", "alerts-test.yaml");

    [Fact]
    public async Task Promtool_check_rules_passes()
    {
        var result = await PromtoolRunner.RunAsync("check", "rules", RulesFile);

        Assert.True(result.Succeeded, result.Describe());
        Assert.Contains("SUCCESS: 5 rules found", result.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Promtool_unit_tests_of_the_rules_pass()
    {
        var result = await PromtoolRunner.RunAsync("test", "rules", RulesTestFile);

        Assert.True(result.Succeeded, result.Describe());
    }

    [Fact]
    public void The_unit_tests_cover_every_alert_firing()
    {
        var tests = YamlDocuments.ParseSingle(File.ReadAllText(RulesTestFile))["tests"]!.AsArray();

        var firing = tests
            .SelectMany(t => t!["alert_rule_test"]!.AsArray())
            .Where(a => a!["exp_alerts"]!.AsArray().Count > 0)
            .Select(a => (string)a!["alertname"]!)
            .ToHashSet(StringComparer.Ordinal);

        Assert.Empty(AlertNames().Except(firing));
    }

    [Fact]
    public void The_rules_are_the_five_alerts_of_issue_6()
    {
        Assert.Equal(
            ["HighPreemptionRate", "NoLeader", "OperatorDown", "ReconcileErrors", "RunStarving"],
            AlertNames().Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Every_alert_has_a_severity_a_summary_and_a_description()
    {
        Assert.All(Rules(), rule =>
        {
            Assert.Contains((string?)rule["labels"]!["severity"], new[] { "critical", "warning" });
            Assert.False(string.IsNullOrWhiteSpace((string?)rule["annotations"]!["summary"]));
            Assert.False(string.IsNullOrWhiteSpace((string?)rule["annotations"]!["description"]));
        });
    }

    [Fact]
    public void Alert_expressions_select_only_metrics_the_operator_exports()
    {
        Assert.All(Rules(), rule =>
        {
            var unknown = PromQl.MetricNames((string)rule["expr"]!).Where(m => !KnownMetrics.Exported(m)).ToList();
            Assert.True(unknown.Count == 0, $"{rule["alert"]} selects {string.Join(", ", unknown)}, which the operator does not export.");
        });
    }

    [Fact]
    public void RunStarving_compares_the_longest_within_share_wait_with_its_bound()
    {
        var rule = Rules().Single(r => (string?)r["alert"] == "RunStarving");

        Assert.Equal(KnownMetrics.StarvationGauges, PromQl.MetricNames((string)rule["expr"]!));
    }

    [Fact]
    public async Task The_chart_PrometheusRule_carries_exactly_the_plain_rule_groups()
    {
        var chart = await RenderedCharts.AllFeatures;

        var rendered = chart.Single("PrometheusRule")["spec"]!["groups"];
        var plain = YamlDocuments.ParseSingle(File.ReadAllText(RulesFile))["groups"];

        Assert.True(JsonNode.DeepEquals(plain, rendered), "The PrometheusRule's groups differ from config/prometheus/alerts.yaml.");
        Assert.Equal("kube-prometheus-stack", (string?)chart.Single("PrometheusRule")["metadata"]!["labels"]!["release"]);
    }

    [Fact]
    public async Task Monitoring_objects_are_off_by_default()
    {
        var chart = await RenderedCharts.Defaults;

        Assert.False(chart.Has("PrometheusRule"));
        Assert.False(chart.Has("ServiceMonitor"));
        Assert.DoesNotContain(chart.OfKind("ConfigMap"), c => c["metadata"]!["labels"]!["grafana_dashboard"] is not null);
    }

    [Fact]
    public async Task The_ServiceMonitor_scrapes_the_metrics_port_of_the_operator_service()
    {
        var chart = await RenderedCharts.AllFeatures;
        var monitor = chart.Single("ServiceMonitor");
        var service = chart.Single("Service");

        var endpoint = monitor["spec"]!["endpoints"]!.AsArray().Single()!;
        Assert.Equal("metrics", (string?)endpoint["port"]);
        Assert.Equal("/metrics", (string?)endpoint["path"]);
        var serviceLabels = service["metadata"]!["labels"]!.AsObject();
        foreach (var (key, value) in monitor["spec"]!["selector"]!["matchLabels"]!.AsObject())
        {
            Assert.Equal((string?)value, (string?)serviceLabels[key]);
        }
    }

    [Fact]
    public async Task The_scraped_job_is_the_one_OperatorDown_watches_whatever_the_release_name()
    {
        var chart = await HelmChart.RenderAsync(ChartValues.AllFeatures.Set("fullnameOverride=gpu-sched"));
        var jobLabel = (string)chart.Single("ServiceMonitor")["spec"]!["jobLabel"]!;
        var job = (string)chart.Single("Service")["metadata"]!["labels"]![jobLabel]!;

        var expression = (string)Rules().Single(r => (string?)r["alert"] == "OperatorDown")["expr"]!;
        var matcher = Regex.Match(expression, "job=~\"([^\"]+)\"").Groups[1].Value;
        Assert.Matches($"^(?:{matcher})$", job);
    }

    private static List<JsonObject> Rules() =>
        YamlDocuments.ParseSingle(File.ReadAllText(RulesFile))["groups"]!.AsArray()
            .SelectMany(g => g!["rules"]!.AsArray())
            .Select(r => r!.AsObject())
            .ToList();

    private static IEnumerable<string> AlertNames() => Rules().Select(r => (string)r["alert"]!);
}
