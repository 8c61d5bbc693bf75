using ClusterOperator.Api;
using ClusterOperator.Api.Model;
using ClusterOperator.Api.Schema;
using ClusterOperator.Configuration;
using ClusterOperator.Operator;
using ClusterOperator.Sandbox;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;

namespace ClusterOperator.Tests.Integration;

/// <summary>
/// A sandbox API server with simulated GPU nodes, and the operator running against it over real HTTP through
/// the real KubernetesClient. The operator can be stopped and started again, as a crash and restart would.
/// </summary>
internal sealed class OperatorCluster : IAsyncDisposable
{
    private readonly string _directory;
    private readonly Dictionary<string, string?> _settings;
    private readonly Dictionary<string, (CancellationTokenSource Stop, Task Running, IKubernetes Client)> _operators = [];

    private OperatorCluster(string directory, SandboxHost sandbox, IKubernetes client, Dictionary<string, string?> settings)
    {
        _directory = directory;
        Sandbox = sandbox;
        Client = client;
        _settings = settings;
    }

    public SandboxHost Sandbox { get; }

    public IKubernetes Client { get; }

    public static async Task<OperatorCluster> StartAsync(int nodes = 4, int gpusPerNode = 8, IDictionary<string, string?>? settings = null)
    {
        var directory = Directory.CreateTempSubdirectory("clusteroperator-it-").FullName;
        var options = new SandboxOptions
        {
            Nodes = nodes,
            GpusPerNode = gpusPerNode,
            KubeconfigPath = Path.Combine(directory, "kubeconfig"),
            PodStartupDelay = TimeSpan.FromMilliseconds(100),
        };
        options.CustomResourceDefinitions.Add(CrdGenerator.GenerateYaml());
        var sandbox = new SandboxHost(options);
        await sandbox.StartAsync();
        var client = ClientFactory.Create(sandbox.KubeconfigPath);
        var all = new Dictionary<string, string?>
        {
            ["Metrics:Url"] = "http://127.0.0.1:0",
            ["Operator:OperatorNamespace"] = "default",
            ["Operator:PlanInterval"] = "1s",
            ["FairShare:MinRuntime"] = "0s",
            ["LeaderElection:LeaseDuration"] = "4s",
            ["LeaderElection:RenewDeadline"] = "3s",
            ["LeaderElection:RetryPeriod"] = "500ms",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        var cluster = new OperatorCluster(directory, sandbox, client, all);
        cluster.StartOperator();
        return cluster;
    }

    /// <summary>Starts an operator replica; several replicas elect one leader. Returns its identity.</summary>
    public string StartOperator()
    {
        var identity = $"operator-{_operators.Count}-{Guid.NewGuid().ToString("N")[..6]}";
        var settings = new Dictionary<string, string?>(_settings) { ["LeaderElection:Identity"] = identity };
        var configuration = OperatorConfiguration.Build(null, [], settings);
        var operatorClient = ClientFactory.Create(Sandbox.KubeconfigPath);
        var stop = new CancellationTokenSource();
        var running = Task.Run(() => new OperatorHost(operatorClient, configuration, NullLoggerFactory.Instance, TimeProvider.System).RunAsync(stop.Token));
        _operators[identity] = (stop, running, operatorClient);
        return identity;
    }

    /// <summary>
    /// Stops operator replicas (all, or the one named) the way a crash does: their in-memory state is gone,
    /// the API server keeps everything.
    /// </summary>
    public async Task StopOperatorAsync(string? identity = null)
    {
        foreach (var name in _operators.Keys.Where(k => identity is null || k == identity).ToList())
        {
            var (stop, running, client) = _operators[name];
            _operators.Remove(name);
            await stop.CancelAsync();
            try
            {
                await running;
            }
            catch (OperationCanceledException)
            {
                // Expected on stop.
            }

            stop.Dispose();
            client.Dispose();
        }
    }

    public Task<TrainingRun> CreateAsync(TrainingRun run) =>
        Client.CustomObjects.CreateNamespacedCustomObjectAsync<TrainingRun>(run, ApiGroup.Group, ApiGroup.Version, run.Metadata.NamespaceProperty ?? "default", TrainingRun.Plural);

    public Task<IdeaExperiment> CreateAsync(IdeaExperiment idea) =>
        Client.CustomObjects.CreateNamespacedCustomObjectAsync<IdeaExperiment>(idea, ApiGroup.Group, ApiGroup.Version, idea.Metadata.NamespaceProperty ?? "default", IdeaExperiment.Plural);

    public Task<TrainingRun> GetRunAsync(string name, string ns = "default") =>
        Client.CustomObjects.GetNamespacedCustomObjectAsync<TrainingRun>(ApiGroup.Group, ApiGroup.Version, ns, TrainingRun.Plural, name);

    public Task<IdeaExperiment> GetIdeaAsync(string name, string ns = "default") =>
        Client.CustomObjects.GetNamespacedCustomObjectAsync<IdeaExperiment>(ApiGroup.Group, ApiGroup.Version, ns, IdeaExperiment.Plural, name);

    /// <summary>The operator's leader-election Lease, or null before anyone created it.</summary>
    public async Task<V1Lease?> LeaseAsync()
    {
        try
        {
            return await Client.CoordinationV1.ReadNamespacedLeaseAsync("clusteroperator-leader", "default");
        }
        catch (k8s.Autorest.HttpOperationException e) when (e.Response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    public async Task<IList<V1Pod>> PodsAsync(string labelSelector, string ns = "default") =>
        (await Client.CoreV1.ListNamespacedPodAsync(ns, labelSelector: labelSelector)).Items;

    /// <summary>Polls until <paramref name="condition"/> holds; fails with <paramref name="what"/> after the timeout.</summary>
    public static async Task<T> EventuallyAsync<T>(Func<Task<T>> read, Func<T, bool> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        T value = await read();
        while (!condition(value))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Timed out after {timeout.TotalSeconds}s waiting for {what}. Last value: {KubernetesJson.Serialize(value)}");
            }

            await Task.Delay(100);
            value = await read();
        }

        return value;
    }

    public async ValueTask DisposeAsync()
    {
        await StopOperatorAsync();
        Client.Dispose();
        await Sandbox.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }
}
