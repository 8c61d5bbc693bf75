using ClusterOperator.Sandbox;
using k8s;
using k8s.Models;

namespace ClusterOperator.Runtime.Tests.Support;

/// <summary>The project's embedded API server, started for one test class, with helpers to make objects in it.</summary>
public sealed class SandboxCluster : IAsyncDisposable
{
    private readonly List<Kubernetes> _clients = [];

    private SandboxCluster(SandboxHost host)
    {
        Host = host;
        Client = NewClient();
    }

    public SandboxHost Host { get; }

    public Kubernetes Client { get; }

    public static async Task<SandboxCluster> StartAsync(Action<SandboxOptions>? configure = null)
    {
        var options = new SandboxOptions { Nodes = 2, KubeconfigPath = null, BookmarkInterval = TimeSpan.FromHours(1) };
        configure?.Invoke(options);
        var host = new SandboxHost(options);
        await host.StartAsync();
        return new SandboxCluster(host);
    }

    public Kubernetes NewClient()
    {
        var client = new Kubernetes(new KubernetesClientConfiguration
        {
            Host = Host.BaseUri.ToString(),
            AccessToken = Host.Token,
            SslCaCerts = [Host.CertificateAuthority],
        });
        _clients.Add(client);
        return client;
    }

    public Task<V1Pod> CreatePodAsync(string name, string ns = "default", string? app = null) =>
        Client.CoreV1.CreateNamespacedPodAsync(
            new V1Pod
            {
                Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = ns, Labels = app is null ? null : new Dictionary<string, string> { ["app"] = app } },
                Spec = new V1PodSpec { SchedulerName = "clusteroperator", Containers = [new V1Container { Name = "main", Image = "busybox" }] },
            },
            ns);

    public Task<V1ConfigMap> CreateConfigMapAsync(string name, string ns = "default") =>
        Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = ns } }, ns);

    public async ValueTask DisposeAsync()
    {
        foreach (var client in _clients)
        {
            client.Dispose();
        }

        await Host.DisposeAsync();
    }
}
