namespace ClusterOperator.Packaging.Tests.Chart;

public sealed class RenderedObjectsTests
{
    [Theory]
    [MemberData(nameof(RenderedCharts.Both), MemberType = typeof(RenderedCharts))]
    public async Task Every_rendered_object_is_named_and_labelled_with_its_release(string values)
    {
        var chart = await RenderedCharts.Named(values);

        Assert.NotEmpty(chart.Documents);
        Assert.All(chart.Documents, document =>
        {
            Assert.False(string.IsNullOrEmpty((string?)document["apiVersion"]));
            Assert.False(string.IsNullOrEmpty((string?)document["kind"]));
            var metadata = document["metadata"]!;
            Assert.Matches("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$", (string?)metadata["name"]);
            Assert.Equal(ChartValues.Defaults.ReleaseName, (string?)metadata["labels"]!["app.kubernetes.io/instance"]);
            Assert.Equal("Helm", (string?)metadata["labels"]!["app.kubernetes.io/managed-by"]);
        });
    }

    [Fact]
    public async Task Default_values_render_the_operator_its_rbac_configuration_service_budget_and_owner_policy()
    {
        var chart = await RenderedCharts.Defaults;

        Assert.Equal(
            [
                "ClusterRole", "ClusterRoleBinding", "ConfigMap", "Deployment", "PodDisruptionBudget", "Role", "RoleBinding",
                "Service", "ServiceAccount", "ValidatingAdmissionPolicy", "ValidatingAdmissionPolicyBinding",
            ],
            chart.Documents.Select(d => (string)d["kind"]!).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task The_install_notes_name_the_objects_that_were_rendered()
    {
        var values = ChartValues.AllFeatures with { ReleaseName = "gpu", Namespace = "ops" };
        var notes = await HelmChart.NotesAsync(values);
        var chart = await HelmChart.RenderAsync(values);

        Assert.Contains("kubectl -n ops get lease gpu-cluster-operator", notes, StringComparison.Ordinal);
        Assert.Contains($"svc/{chart.Single("Service")["metadata"]!["name"]} 8080", notes, StringComparison.Ordinal);
        Assert.Contains("PrometheusRule", notes, StringComparison.Ordinal);
        Assert.Contains("gpu-cluster-operator-dashboard", notes, StringComparison.Ordinal);
    }
}
