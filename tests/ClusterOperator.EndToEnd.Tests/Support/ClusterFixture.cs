using ClusterOperator.Sandbox;

namespace ClusterOperator.EndToEnd.Tests.Support;

/// <summary>
/// A started sandbox with its kubeconfig, and kubectl/helm runners isolated in a private HOME so their caches
/// never leak between runs.
/// </summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    private readonly DirectoryInfo _home = Directory.CreateTempSubdirectory("sandbox-e2e-");
    private Dictionary<string, string> _environment = [];
    private string _kubectl = "kubectl";
    private string _helm = "helm";

    public SandboxHost Host { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _kubectl = await CliTools.LocateAsync("kubectl");
        _helm = await CliTools.LocateAsync("helm");
        Host = new SandboxHost(new SandboxOptions
        {
            Nodes = 2,
            GpusPerNode = 8,
            KubeconfigPath = Path.Combine(_home.FullName, "kubeconfig"),
            PodStartupDelay = TimeSpan.FromMilliseconds(200),
        });
        await Host.StartAsync();
        _environment = new Dictionary<string, string>
        {
            ["HOME"] = _home.FullName,
            ["KUBECONFIG"] = Host.KubeconfigPath!,
            ["XDG_CACHE_HOME"] = Path.Combine(_home.FullName, ".cache"),
            ["XDG_CONFIG_HOME"] = Path.Combine(_home.FullName, ".config"),
            ["XDG_DATA_HOME"] = Path.Combine(_home.FullName, ".local"),
        };
    }

    public Task<CommandResult> KubectlAsync(params string[] arguments) =>
        CliTools.RunAsync(_kubectl, arguments, _environment, TimeSpan.FromMinutes(2));

    public Task<CommandResult> HelmAsync(params string[] arguments) =>
        CliTools.RunAsync(_helm, arguments, _environment, TimeSpan.FromMinutes(2));

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        _home.Delete(recursive: true);
    }
}
