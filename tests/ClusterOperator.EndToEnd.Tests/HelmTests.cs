using ClusterOperator.EndToEnd.Tests.Support;

namespace ClusterOperator.EndToEnd.Tests;

/// <summary>Real helm (v4) against a started sandbox: install, upgrade, uninstall of a small chart.</summary>
public sealed class HelmTests(ClusterFixture cluster) : IClassFixture<ClusterFixture>
{
    [Fact]
    public async Task Install_upgrade_and_uninstall_a_chart()
    {
        var chart = RepositoryPaths.TestData("chart");

        var installed = (await cluster.HelmAsync("install", "probe", chart, "--namespace", "probe", "--create-namespace",
            "--wait", "--timeout", "60s")).EnsureSuccess();
        Assert.Contains("STATUS: deployed", installed.Output, StringComparison.Ordinal);
        var greeting = (await cluster.KubectlAsync("get", "configmap", "probe-settings", "-n", "probe", "-o",
            "jsonpath={.data.greeting}")).EnsureSuccess();
        Assert.Equal("hello", greeting.Output);

        (await cluster.HelmAsync("upgrade", "probe", chart, "--namespace", "probe", "--set", "greeting=goodbye", "--set", "port=8080",
            "--wait", "--timeout", "60s")).EnsureSuccess();
        var upgraded = (await cluster.KubectlAsync("get", "configmap", "probe-settings", "-n", "probe", "-o",
            "jsonpath={.data.greeting}")).EnsureSuccess();
        Assert.Equal("goodbye", upgraded.Output);
        var port = (await cluster.KubectlAsync("get", "service", "probe-web", "-n", "probe", "-o", "jsonpath={.spec.ports[0].port}"))
            .EnsureSuccess();
        Assert.Equal("8080", port.Output);
        var history = (await cluster.HelmAsync("history", "probe", "--namespace", "probe")).EnsureSuccess();
        Assert.Contains("superseded", history.Output, StringComparison.Ordinal);

        (await cluster.HelmAsync("uninstall", "probe", "--namespace", "probe", "--wait", "--timeout", "60s")).EnsureSuccess();
        var leftovers = (await cluster.KubectlAsync("get", "configmaps,services,serviceaccounts,roles,secrets", "-n", "probe",
            "-l", "app.kubernetes.io/name=sandbox-probe", "-o", "name")).EnsureSuccess();
        Assert.Equal(string.Empty, leftovers.Output.Trim());
        var releases = (await cluster.HelmAsync("list", "--all-namespaces", "--short")).EnsureSuccess();
        Assert.DoesNotContain("probe", releases.Output, StringComparison.Ordinal);
    }
}
