namespace ClusterOperator.Packaging.Tests.Chart;

public sealed class HelmLintTests
{
    [Fact]
    public async Task Lint_strict_passes_with_default_values()
    {
        var result = await HelmChart.LintAsync(ChartValues.Defaults);

        AssertClean(result);
    }

    [Fact]
    public async Task Lint_strict_passes_with_every_optional_feature_on()
    {
        var result = await HelmChart.LintAsync(ChartValues.AllFeatures);

        AssertClean(result);
    }

    [Fact]
    public async Task The_all_features_values_turn_every_optional_template_on()
    {
        var chart = await RenderedCharts.AllFeatures;

        Assert.All(
            new[] { "ServiceMonitor", "PrometheusRule", "PodDisruptionBudget", "ValidatingAdmissionPolicy", "ValidatingAdmissionPolicyBinding" },
            kind => Assert.True(chart.Has(kind), $"{kind} is not rendered with {ChartValues.AllFeaturesFile}."));
        Assert.Contains(chart.OfKind("ConfigMap"), c => (string?)c["metadata"]!["labels"]!["grafana_dashboard"] == "1");
    }

    private static void AssertClean(Tools.ToolResult result)
    {
        Assert.True(result.Succeeded, result.Describe());
        Assert.Contains("1 chart(s) linted, 0 chart(s) failed", result.StandardOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("[WARNING]", result.StandardOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("[ERROR]", result.StandardOutput, StringComparison.Ordinal);
    }
}
