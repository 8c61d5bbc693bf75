using ClusterOperator.Packaging.Tests.Chart;
using ClusterOperator.Packaging.Tests.Tools;
using ClusterOperator.Sandbox;

namespace ClusterOperator.Packaging.Tests.Security;

/// <summary>
/// A sandbox API server whose kubeconfig holds the administrator (current context) and a few researchers, each with a
/// context named after them, so real kubectl can act as any of them. One per test: an admission policy is cluster-wide.
/// </summary>
internal sealed class MultiUserSandbox : IAsyncDisposable
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromMinutes(2);

    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("clusteroperator-owners-");
    private readonly SandboxHost _host;

    private MultiUserSandbox(IEnumerable<string> users)
    {
        var options = new SandboxOptions { Nodes = 1, KubeconfigPath = Kubeconfig };
        foreach (var user in users)
        {
            options.Users[user] = $"{user}-{Guid.NewGuid():N}";
        }

        _host = new SandboxHost(options);
    }

    private string Kubeconfig => Path.Combine(_directory.FullName, "kubeconfig");

    public static async Task<MultiUserSandbox> StartAsync(params string[] users)
    {
        var sandbox = new MultiUserSandbox(users);
        await sandbox._host.StartAsync();
        return sandbox;
    }

    /// <summary>Installs the chart as the administrator.</summary>
    public async Task InstallAsync(ChartValues values) =>
        (await RunAsync(RepositoryTools.Helm,
            ["install", values.ReleaseName, HelmChart.Directory, "--namespace", values.Namespace, "--create-namespace", .. values.Arguments(),
             "--kubeconfig", Kubeconfig])).EnsureSuccess();

    /// <summary>Runs kubectl as the administrator.</summary>
    public Task<ToolResult> KubectlAsync(params string[] arguments) =>
        RunAsync(RepositoryTools.Kubectl, [.. arguments, "--kubeconfig", Kubeconfig]);

    /// <summary>Runs kubectl as <paramref name="user"/>, through that user's kubeconfig context.</summary>
    public Task<ToolResult> KubectlAsAsync(string user, params string[] arguments) =>
        RunAsync(RepositoryTools.Kubectl, [.. arguments, "--kubeconfig", Kubeconfig, "--context", user]);

    /// <summary>Writes a manifest beside the kubeconfig and returns its path, for <c>kubectl create -f</c>.</summary>
    public async Task<string> ManifestAsync(string name, string yaml)
    {
        var path = Path.Combine(_directory.FullName, name + ".yaml");
        await File.WriteAllTextAsync(path, yaml);
        return path;
    }

    public async ValueTask DisposeAsync()
    {
        await _host.DisposeAsync();
        _directory.Delete(recursive: true);
    }

    private static async Task<ToolResult> RunAsync(ExternalTool tool, IEnumerable<string> arguments)
    {
        using var timeout = new CancellationTokenSource(CommandTimeout);
        return await tool.RunAsync(arguments, timeout.Token);
    }
}
