using System.Text.Json.Nodes;
using ClusterOperator.Packaging.Tests.Yaml;

namespace ClusterOperator.Packaging.Tests.Chart;

public sealed class RbacTests
{
    private static readonly string[] RbacKinds = ["ClusterRole", "Role"];

    [Theory]
    [MemberData(nameof(RenderedCharts.Both), MemberType = typeof(RenderedCharts))]
    public async Task No_rbac_rule_uses_a_wildcard(string values)
    {
        var chart = await RenderedCharts.Named(values);

        var rules = RbacKinds.SelectMany(chart.OfKind).SelectMany(role => role["rules"]!.AsArray()).ToList();

        Assert.NotEmpty(rules);
        Assert.All(rules, rule =>
        {
            foreach (var field in new[] { "apiGroups", "resources", "verbs", "resourceNames" })
            {
                Assert.DoesNotContain(rule![field]?.AsArray() ?? [], item => ((string?)item)!.Contains('*', StringComparison.Ordinal));
            }

            Assert.Null(rule!["nonResourceURLs"]);
        });
    }

    [Fact]
    public async Task No_rbac_rule_grants_secrets()
    {
        var chart = await RenderedCharts.AllFeatures;

        var resources = RbacKinds.SelectMany(chart.OfKind)
            .SelectMany(role => role["rules"]!.AsArray())
            .SelectMany(rule => rule!["resources"]!.AsArray().Select(r => (string?)r));

        Assert.DoesNotContain("secrets", resources);
    }

    [Fact]
    public async Task Cluster_role_rules_equal_config_rbac()
    {
        var chart = await HelmChart.RenderAsync(ChartValues.Defaults with { ReleaseName = "gpu", Namespace = "ops" });
        var expected = YamlDocuments.ParseSingle(RepositoryPaths.ReadAllText("config", "rbac", "cluster_role.yaml"));

        Assert.True(
            JsonNode.DeepEquals(expected["rules"], chart.Single("ClusterRole")["rules"]),
            "The chart's ClusterRole rules differ from config/rbac/cluster_role.yaml; change both together.");
    }

    /// <summary>Released as "cluster-operator" in clusteroperator-system, the chart's RBAC is config/rbac, object for object.</summary>
    [Theory]
    [InlineData("service_account.yaml")]
    [InlineData("cluster_role.yaml")]
    [InlineData("cluster_role_binding.yaml")]
    [InlineData("leader_election_role.yaml")]
    [InlineData("leader_election_role_binding.yaml")]
    public async Task Rbac_objects_match_config_rbac_for_the_default_release(string file)
    {
        var chart = await RenderedCharts.Defaults;
        var expected = YamlDocuments.ParseSingle(RepositoryPaths.ReadAllText("config", "rbac", file));

        var rendered = chart.Single((string)expected["kind"]!, (string)expected["metadata"]!["name"]!);

        Assert.Equal((string?)expected["metadata"]!["namespace"], (string?)rendered["metadata"]!["namespace"]);
        foreach (var field in new[] { "rules", "roleRef", "subjects" })
        {
            Assert.True(JsonNode.DeepEquals(expected[field], rendered[field]), $"{field} of {file} differs from the chart's.");
        }
    }

    [Fact]
    public async Task Bindings_grant_the_release_service_account_in_the_release_namespace()
    {
        var chart = await HelmChart.RenderAsync(ChartValues.Defaults with { ReleaseName = "gpu", Namespace = "ops" });

        var serviceAccount = chart.Single("ServiceAccount");
        Assert.Equal("gpu-cluster-operator", (string?)serviceAccount["metadata"]!["name"]);
        Assert.Equal("ops", (string?)serviceAccount["metadata"]!["namespace"]);
        Assert.Equal("gpu-cluster-operator", (string?)chart.PodSpec["serviceAccountName"]);
        foreach (var binding in chart.OfKind("ClusterRoleBinding").Concat(chart.OfKind("RoleBinding")))
        {
            var subject = binding["subjects"]!.AsArray().Single()!;
            Assert.Equal("ServiceAccount", (string?)subject["kind"]);
            Assert.Equal("gpu-cluster-operator", (string?)subject["name"]);
            Assert.Equal("ops", (string?)subject["namespace"]);
        }

        Assert.Equal("gpu-cluster-operator", (string?)chart.Single("ClusterRoleBinding")["roleRef"]!["name"]);
        Assert.Equal("gpu-cluster-operator-leader-election", (string?)chart.Single("RoleBinding")["roleRef"]!["name"]);
        Assert.Equal("ops", (string?)chart.Single("Role")["metadata"]!["namespace"]);
    }

    [Fact]
    public async Task Without_leader_election_no_lease_role_is_granted()
    {
        var chart = await HelmChart.RenderAsync(ChartValues.Defaults.Set("replicaCount=1").Set("leaderElection.enabled=false"));

        Assert.False(chart.Has("Role"));
        Assert.False(chart.Has("RoleBinding"));
    }
}
