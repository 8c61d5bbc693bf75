using System.Text.Json.Nodes;

namespace ClusterOperator.Packaging.Tests.Chart;

public sealed class DeploymentTests
{
    [Fact]
    public async Task Two_replicas_run_with_leader_election_on()
    {
        var chart = await RenderedCharts.Defaults;

        Assert.Equal(2, (long?)chart.Deployment["spec"]!["replicas"]);
        var settings = JsonNode.Parse(chart.AppSettingsJson)!;
        Assert.True((bool?)settings["LeaderElection"]!["Enabled"]);
        Assert.Equal("cluster-operator", (string?)settings["LeaderElection"]!["LeaseName"]);
    }

    [Theory]
    [MemberData(nameof(RenderedCharts.Both), MemberType = typeof(RenderedCharts))]
    public async Task The_operator_container_is_locked_down(string values)
    {
        var chart = await RenderedCharts.Named(values);
        var pod = chart.PodSpec["securityContext"]!;
        var container = chart.OperatorContainer["securityContext"]!;

        Assert.True((bool?)pod["runAsNonRoot"]);
        Assert.Equal("RuntimeDefault", (string?)pod["seccompProfile"]!["type"]);
        Assert.True((bool?)container["runAsNonRoot"]);
        Assert.True((bool?)container["readOnlyRootFilesystem"]);
        Assert.False((bool?)container["allowPrivilegeEscalation"]);
        Assert.Equal(["ALL"], container["capabilities"]!["drop"]!.AsArray().Select(c => (string?)c));
        Assert.Null(container["capabilities"]!["add"]);
        Assert.Equal("RuntimeDefault", (string?)container["seccompProfile"]!["type"]);
        Assert.NotEqual(0, (long?)pod["runAsUser"]);
    }

    [Fact]
    public async Task Probes_check_healthz_and_readyz_on_the_metrics_port()
    {
        var chart = await RenderedCharts.Defaults;
        var container = chart.OperatorContainer;

        Assert.Equal("/healthz", (string?)container["livenessProbe"]!["httpGet"]!["path"]);
        Assert.Equal("/readyz", (string?)container["readinessProbe"]!["httpGet"]!["path"]);
        Assert.Equal("metrics", (string?)container["livenessProbe"]!["httpGet"]!["port"]);
        Assert.Equal("metrics", (string?)container["readinessProbe"]!["httpGet"]!["port"]);
        var port = container["ports"]!.AsArray().Single(p => (string?)p!["name"] == "metrics")!;
        Assert.Equal(8080, (long?)port["containerPort"]);
    }

    [Fact]
    public async Task A_changed_metrics_port_moves_the_container_port_and_the_configuration_together()
    {
        var chart = await HelmChart.RenderAsync(ChartValues.Defaults.Set("metrics.port=9464"));

        var port = chart.OperatorContainer["ports"]!.AsArray().Single(p => (string?)p!["name"] == "metrics")!;
        Assert.Equal(9464, (long?)port["containerPort"]);
        Assert.Equal(9464, (long?)JsonNode.Parse(chart.AppSettingsJson)!["Metrics"]!["Port"]);
    }

    [Fact]
    public async Task The_container_has_resource_requests_and_limits()
    {
        var chart = await RenderedCharts.Defaults;
        var resources = chart.OperatorContainer["resources"]!;

        foreach (var bound in new[] { "requests", "limits" })
        {
            Assert.NotNull(resources[bound]!["cpu"]);
            Assert.NotNull(resources[bound]!["memory"]);
        }
    }

    [Fact]
    public async Task The_read_only_root_filesystem_leaves_a_writable_tmp()
    {
        var chart = await RenderedCharts.Defaults;

        var mount = chart.OperatorContainer["volumeMounts"]!.AsArray().Single(m => (string?)m!["mountPath"] == "/tmp")!;
        var volume = chart.PodSpec["volumes"]!.AsArray().Single(v => (string?)v!["name"] == (string?)mount["name"])!;
        Assert.NotNull(volume["emptyDir"]);
    }

    [Fact]
    public async Task The_metrics_service_selects_the_operator_pods()
    {
        var chart = await RenderedCharts.Defaults;
        var service = chart.Single("Service");

        var podLabels = chart.Deployment["spec"]!["template"]!["metadata"]!["labels"]!.AsObject();
        foreach (var (key, value) in service["spec"]!["selector"]!.AsObject())
        {
            Assert.Equal((string?)value, (string?)podLabels[key]);
        }

        var port = service["spec"]!["ports"]!.AsArray().Single()!;
        Assert.Equal("metrics", (string?)port["name"]);
        Assert.Equal("metrics", (string?)port["targetPort"]);
    }

    [Fact]
    public async Task The_disruption_budget_keeps_one_replica()
    {
        var chart = await RenderedCharts.Defaults;
        var budget = chart.Single("PodDisruptionBudget");

        Assert.Equal(1, (long?)budget["spec"]!["minAvailable"]);
        Assert.True(JsonNode.DeepEquals(chart.Deployment["spec"]!["selector"]!["matchLabels"], budget["spec"]!["selector"]!["matchLabels"]));
    }

    [Fact]
    public async Task Replicas_prefer_different_nodes()
    {
        var chart = await RenderedCharts.Defaults;

        var term = chart.PodSpec["affinity"]!["podAntiAffinity"]!["preferredDuringSchedulingIgnoredDuringExecution"]!.AsArray().Single()!;
        Assert.Equal("kubernetes.io/hostname", (string?)term["podAffinityTerm"]!["topologyKey"]);
    }

    [Theory]
    [MemberData(nameof(RenderedCharts.Both), MemberType = typeof(RenderedCharts))]
    public async Task Namespaced_objects_live_in_the_release_namespace(string values)
    {
        var chart = await RenderedCharts.Named(values);
        string[] clusterScoped = ["ClusterRole", "ClusterRoleBinding", "ValidatingAdmissionPolicy", "ValidatingAdmissionPolicyBinding"];

        foreach (var document in chart.Documents.Where(d => !clusterScoped.Contains((string?)d["kind"])))
        {
            var isDashboard = (string?)document["metadata"]!["labels"]?["grafana_dashboard"] == "1";
            var expected = isDashboard && values == nameof(RenderedCharts.AllFeatures) ? "monitoring" : ChartValues.Defaults.Namespace;
            Assert.Equal(expected, (string?)document["metadata"]!["namespace"]);
        }

        Assert.All(
            chart.Documents.Where(d => clusterScoped.Contains((string?)d["kind"])),
            d => Assert.Null(d["metadata"]!["namespace"]));
    }
}
