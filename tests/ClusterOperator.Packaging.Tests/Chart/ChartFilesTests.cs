using ClusterOperator.Packaging.Tests.Yaml;

namespace ClusterOperator.Packaging.Tests.Chart;

public sealed class ChartFilesTests
{
    [Fact]
    public void Chart_crds_are_identical_to_config_crd()
    {
        Assert.True(
            RepositoryPaths.ReadAllText("config", "crd", "crds.yaml") == RepositoryPaths.ReadAllText("charts", "cluster-operator", "crds", "crds.yaml"),
            "charts/cluster-operator/crds/crds.yaml differs from config/crd/crds.yaml; copy it: " +
            "cp config/crd/crds.yaml charts/cluster-operator/crds/crds.yaml");
    }

    [Fact]
    public void Chart_alert_rules_are_identical_to_config_prometheus()
    {
        Assert.True(
            RepositoryPaths.ReadAllText("config", "prometheus", "alerts.yaml") == RepositoryPaths.ReadAllText("charts", "cluster-operator", "files", "alerts.yaml"),
            "charts/cluster-operator/files/alerts.yaml differs from config/prometheus/alerts.yaml; copy it: " +
            "cp config/prometheus/alerts.yaml charts/cluster-operator/files/alerts.yaml");
    }

    [Fact]
    public void Chart_yaml_declares_a_v2_application_with_an_app_version()
    {
        var chart = YamlDocuments.ParseSingle(RepositoryPaths.ReadAllText("charts", "cluster-operator", "Chart.yaml"));

        Assert.Equal("v2", (string?)chart["apiVersion"]);
        Assert.Equal("cluster-operator", (string?)chart["name"]);
        Assert.Equal("application", (string?)chart["type"]);
        Assert.Matches(@"^\d+\.\d+\.\d+$", (string?)chart["version"]);
        Assert.Matches(@"^\d+\.\d+\.\d+$", (string?)chart["appVersion"]);
    }
}
