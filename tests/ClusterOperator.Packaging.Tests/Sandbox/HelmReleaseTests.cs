using System.Text.Json.Nodes;
using ClusterOperator.Packaging.Tests.Chart;

namespace ClusterOperator.Packaging.Tests.Sandbox;

/// <summary>Real helm installs, upgrades and uninstalls the chart in the sandbox API server; real kubectl looks.</summary>
public sealed class HelmReleaseTests(SandboxCluster cluster) : IClassFixture<SandboxCluster>
{
    private static readonly string[] CrdNames = ["trainingruns.training.clusteroperator.io", "ideaexperiments.training.clusteroperator.io"];

    [Fact]
    public async Task Install_with_every_feature_on_creates_every_rendered_object_and_kubectl_shows_them()
    {
        var values = EveryFeature("install");
        var rendered = await HelmChart.RenderAsync(values);

        await cluster.InstallAsync(values);

        foreach (var document in rendered.Documents)
        {
            var shown = await GetAsync(document);
            Assert.True(shown.Succeeded, shown.Describe());
            Assert.Contains(Name(document), shown.StandardOutput, StringComparison.Ordinal);
        }

        foreach (var crd in CrdNames)
        {
            (await cluster.KubectlAsync("get", "customresourcedefinition", crd)).EnsureSuccess();
        }

        var status = (await cluster.HelmAsync("status", values.ReleaseName, "--namespace", values.Namespace)).EnsureSuccess();
        Assert.Contains("STATUS: deployed", status.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Upgrade_with_a_changed_value_updates_the_configmap()
    {
        var values = Release("upgrade");
        await cluster.InstallAsync(values);
        var before = await ConfigMapAsync(values);

        (await cluster.HelmAsync(
            ["upgrade", values.ReleaseName, HelmChart.Directory, "--namespace", values.Namespace, "--set", "fairShare.minRuntime=9m"]))
            .EnsureSuccess();

        var after = await ConfigMapAsync(values);
        Assert.Equal("5m", (string?)JsonNode.Parse(before)!["FairShare"]!["MinRuntime"]);
        Assert.Equal("9m", (string?)JsonNode.Parse(after)!["FairShare"]!["MinRuntime"]);
        var history = (await cluster.HelmAsync("history", values.ReleaseName, "--namespace", values.Namespace)).EnsureSuccess();
        Assert.Contains("Upgrade complete", history.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Uninstall_removes_everything_but_the_crds()
    {
        var values = EveryFeature("uninstall");
        var rendered = await HelmChart.RenderAsync(values);
        await cluster.InstallAsync(values);

        (await cluster.HelmAsync("uninstall", values.ReleaseName, "--namespace", values.Namespace)).EnsureSuccess();

        foreach (var document in rendered.Documents)
        {
            var shown = await GetAsync(document);
            Assert.False(shown.Succeeded, $"{document["kind"]} {Name(document)} survived the uninstall.");
            Assert.Contains("NotFound", shown.StandardError, StringComparison.Ordinal);
        }

        foreach (var crd in CrdNames)
        {
            (await cluster.KubectlAsync("get", "customresourcedefinition", crd)).EnsureSuccess();
        }
    }

    /// <summary>A release of its own, so that tests sharing the sandbox do not meet.</summary>
    private static ChartValues Release(string name) => ChartValues.Defaults with { ReleaseName = name, Namespace = $"{name}-system" };

    /// <summary>ServiceMonitor, PrometheusRule, dashboard, owner policy and PDB on, the dashboard where the cluster's Grafana looks.</summary>
    private static ChartValues EveryFeature(string name) =>
        (Release(name) with { ValuesFiles = [ChartValues.AllFeaturesFile] })
            .Set($"grafanaDashboard.namespace={SandboxCluster.MonitoringNamespace}");

    private static string Name(JsonObject document) => (string)document["metadata"]!["name"]!;

    private Task<Tools.ToolResult> GetAsync(JsonObject document)
    {
        var resource = $"{((string)document["kind"]!).ToLowerInvariant()}.{Group(document)}";
        return document["metadata"]!["namespace"] is { } ns
            ? cluster.KubectlAsync("get", resource, Name(document), "--namespace", (string)ns!)
            : cluster.KubectlAsync("get", resource, Name(document));
    }

    /// <summary>The API group, so kubectl resolves the kind without guessing, e.g. "apps" or "" for the core group.</summary>
    private static string Group(JsonObject document) =>
        ((string)document["apiVersion"]!).Split('/') is [var group, _] ? group : "";

    private async Task<string> ConfigMapAsync(ChartValues values)
    {
        var result = (await cluster.KubectlAsync(
            "get", "configmap", values.ReleaseName + "-cluster-operator", "--namespace", values.Namespace, "--output", "json")).EnsureSuccess();
        return (string)JsonNode.Parse(result.StandardOutput)!["data"]!["appsettings.json"]!;
    }
}
