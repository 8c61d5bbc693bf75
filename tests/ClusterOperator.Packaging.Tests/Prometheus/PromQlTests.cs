namespace ClusterOperator.Packaging.Tests.Prometheus;

public sealed class PromQlTests
{
    [Theory]
    [InlineData("up{job=~\".*cluster-operator.*\"} == 0", "up")]
    [InlineData("sum by (owner) (rate(clusteroperator_preemptions_total{reason=\"x\"}[5m]))", "clusteroperator_preemptions_total")]
    [InlineData("histogram_quantile(0.99, sum by (le, kind) (rate(clusteroperator_wait_seconds_bucket[$__rate_interval])))", "clusteroperator_wait_seconds_bucket")]
    [InlineData("a > b", "a", "b")]
    [InlineData("max(x) < 1 or absent(y)", "x", "y")]
    [InlineData("sum(rate(a[5m])) / ignoring(instance) group_left() sum(b) > 1e3", "a", "b")]
    [InlineData("max_over_time(a[10m:1m]) offset 5m", "a")]
    public void Metric_names_are_found_and_nothing_else(string expression, params string[] expected)
    {
        Assert.Equal(expected.Order(StringComparer.Ordinal), PromQl.MetricNames(expression).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("clusteroperator_wait_seconds_bucket", true)]
    [InlineData("clusteroperator_plan_duration_seconds_count", true)]
    [InlineData("clusteroperator_leader", true)]
    [InlineData("up", true)]
    [InlineData("clusteroperator_leader_bucket", false)]
    [InlineData("clusteroperator_wait_bound_seconds", false)]
    [InlineData("kube_pod_info", false)]
    public void Only_series_of_issue_6_metrics_and_up_are_known(string series, bool known)
    {
        Assert.Equal(known, KnownMetrics.InIssue6TableOrUp(series));
    }
}
