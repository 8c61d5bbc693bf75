using k8s;

namespace ClusterOperator.Sandbox.Tests.Support;

/// <summary>A started sandbox (2 nodes of 8 GPUs, fast pod start-up) and a KubernetesClient pointed at it.</summary>
public sealed class SandboxFixture : IAsyncLifetime
{
    public SandboxHost Host { get; private set; } = null!;

    public Kubernetes Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var options = new SandboxOptions
        {
            Nodes = 2,
            GpusPerNode = 8,
            KubeconfigPath = null,
            PodStartupDelay = TimeSpan.FromMilliseconds(100),
            BookmarkInterval = TimeSpan.FromSeconds(1),
        };
        options.CustomResourceDefinitions.Add(TestCrds.Widget);
        Host = new SandboxHost(options);
        await Host.StartAsync();
        Client = NewClient(Host);
    }

    public static Kubernetes NewClient(SandboxHost host) => new(Configuration(host));

    public static KubernetesClientConfiguration Configuration(SandboxHost host) => new()
    {
        Host = host.BaseUri.ToString(),
        AccessToken = host.Token,
        SslCaCerts = [host.CertificateAuthority],
    };

    public async Task DisposeAsync()
    {
        Client.Dispose();
        await Host.DisposeAsync();
    }
}
