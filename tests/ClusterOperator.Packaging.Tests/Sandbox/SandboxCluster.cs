using ClusterOperator.Packaging.Tests.Chart;
using ClusterOperator.Packaging.Tests.Tools;
using ClusterOperator.Sandbox;

namespace ClusterOperator.Packaging.Tests.Sandbox;

/// <summary>
/// A running sandbox API server with its kubeconfig, driven by real helm and kubectl. Like a cluster running
/// kube-prometheus-stack, it serves the Prometheus Operator's kinds and has a monitoring namespace, so the chart's
/// optional templates install too. Each test installs its own release into its own namespace, so tests share one
/// server without seeing each other's objects.
/// </summary>
public sealed class SandboxCluster : IAsyncLifetime
{
    /// <summary>Where Grafana's dashboard sidecar looks in such a cluster.</summary>
    internal const string MonitoringNamespace = "monitoring";

    private static readonly TimeSpan CommandTimeout = TimeSpan.FromMinutes(2);

    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"clusteroperator-helm-{Guid.NewGuid():N}");

    /// <summary>A property, not a field: xunit disposes it through <see cref="DisposeAsync"/>.</summary>
    private SandboxHost? Host { get; set; }

    private string Kubeconfig => Path.Combine(_directory, "kubeconfig");

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_directory);
        Host = new SandboxHost(new SandboxOptions
        {
            Nodes = 2,
            KubeconfigPath = Kubeconfig,
            CustomResourceDefinitions =
            {
                RepositoryPaths.ReadAllText("tests", "ClusterOperator.Packaging.Tests", "Sandbox", "monitoring-crds.yaml"),
            },
        });
        await Host.StartAsync();
        (await KubectlAsync("create", "namespace", MonitoringNamespace)).EnsureSuccess();
    }

    public async Task DisposeAsync()
    {
        if (Host is not null)
        {
            await Host.DisposeAsync();
        }

        Directory.Delete(_directory, recursive: true);
    }

    /// <summary>Runs helm against the sandbox; <paramref name="arguments"/> start with the helm command.</summary>
    internal Task<ToolResult> HelmAsync(params string[] arguments) =>
        RunAsync(RepositoryTools.Helm, [.. arguments, "--kubeconfig", Kubeconfig]);

    internal Task<ToolResult> KubectlAsync(params string[] arguments) =>
        RunAsync(RepositoryTools.Kubectl, [.. arguments, "--kubeconfig", Kubeconfig]);

    /// <summary>Installs the chart as <paramref name="values"/> name it, creating the namespace.</summary>
    internal async Task InstallAsync(ChartValues values) =>
        (await HelmAsync(["install", values.ReleaseName, HelmChart.Directory, "--namespace", values.Namespace, "--create-namespace", .. values.Arguments()]))
            .EnsureSuccess();

    private static async Task<ToolResult> RunAsync(ExternalTool tool, IEnumerable<string> arguments)
    {
        using var timeout = new CancellationTokenSource(CommandTimeout);
        return await tool.RunAsync(arguments, timeout.Token);
    }
}
