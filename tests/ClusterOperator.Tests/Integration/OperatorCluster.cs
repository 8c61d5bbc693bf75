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
    private CancellationTokenSource? _operatorStop;
    private Task? _operator;

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

    public void StartOperator()
    {
        _operatorStop = new CancellationTokenSource();
        var configuration = OperatorConfiguration.Build(null, [], _settings);
        var operatorClient = ClientFactory.Create(Sandbox.KubeconfigPath);
        _operator = Task.Run(() => new OperatorHost(operatorClient, configuration, NullLoggerFactory.Instance, TimeProvider.System).RunAsync(_operatorStop.Token));
    }

    /// <summary>Stops the operator the way a crash does: its in-memory state is gone, the API server keeps everything.</summary>
    public async Task StopOperatorAsync()
    {
        if (_operatorStop is null || _operator is null)
        {
            return;
        }

        await _operatorStop.CancelAsync();
        try
        {
            await _operator;
        }
        catch (OperationCanceledException)
        {
            // Expected on stop.
        }

        _operatorStop.Dispose();
        _operatorStop = null;
    }

    public Task<TrainingRun> CreateAsync(TrainingRun run) =>
        Client.CustomObjects.CreateNamespacedCustomObjectAsync<TrainingRun>(run, ApiGroup.Group, ApiGroup.Version, run.Metadata.NamespaceProperty ?? "default", TrainingRun.Plural);

    public Task<IdeaExperiment> CreateAsync(IdeaExperiment idea) =>
        Client.CustomObjects.CreateNamespacedCustomObjectAsync<IdeaExperiment>(idea, ApiGroup.Group, ApiGroup.Version, idea.Metadata.NamespaceProperty ?? "default", IdeaExperiment.Plural);

    public Task<TrainingRun> GetRunAsync(string name, string ns = "default") =>
        Client.CustomObjects.GetNamespacedCustomObjectAsync<TrainingRun>(ApiGroup.Group, ApiGroup.Version, ns, TrainingRun.Plural, name);

    public Task<IdeaExperiment> GetIdeaAsync(string name, string ns = "default") =>
        Client.CustomObjects.GetNamespacedCustomObjectAsync<IdeaExperiment>(ApiGroup.Group, ApiGroup.Version, ns, IdeaExperiment.Plural, name);

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
