using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using ClusterOperator.Sandbox.Errors;
using ClusterOperator.Sandbox.Json;
using ClusterOperator.Sandbox.Resources;
using ClusterOperator.Sandbox.Server;
using ClusterOperator.Sandbox.Storage;
using Microsoft.Extensions.Logging;

namespace ClusterOperator.Sandbox.Kubelet;

/// <summary>
/// One simulated kubelet for all sandbox nodes. It is level-based: every pod change, timer or node change
/// queues the pod's key, and processing compares the pod's current state with the clock (TimeProvider) to
/// take the next step: admit (or reject when the node is full, like a real kubelet), start after a short
/// delay, finish after run-seconds, enforce activeDeadlineSeconds, and stop after min(grace, checkpoint)
/// when deleted. A NotReady node's kubelet is silent until the node comes back.
/// </summary>
internal sealed partial class KubeletSimulator : IAsyncDisposable
{
    private static readonly string[] AccountedResources = [SandboxConventions.GpuResource, "cpu", "memory"];
    private static readonly GroupResource Nodes = new(string.Empty, "nodes");
    private static readonly GroupResource Events = new(string.Empty, "events");

    private readonly ApiOperations _operations;
    private readonly TimeProvider _time;
    private readonly TimeSpan _startupDelay;
    private readonly ILogger _logger;
    private readonly Dictionary<string, SimulatedNode> _nodes;
    private readonly ConcurrentDictionary<string, bool> _ready = new(StringComparer.Ordinal);
    private readonly Dictionary<string, PodRuntime> _pods = new(StringComparer.Ordinal);

    // Admission sums what a node already runs; without this index it scanned every pod of the cluster per admission.
    private readonly Dictionary<string, List<PodRuntime>> _podsByNode = new(StringComparer.Ordinal);
    private readonly Channel<string> _queue = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ConcurrentDictionary<string, byte> _queued = new(StringComparer.Ordinal);
    private readonly WatchSubscription _podEvents;
    private readonly CancellationTokenSource _stopping = new();
    private int _ipSequence;
    private Task _pump = Task.CompletedTask;
    private Task _loop = Task.CompletedTask;

    public KubeletSimulator(ApiOperations operations, IEnumerable<SimulatedNode> nodes, TimeProvider time, TimeSpan startupDelay,
        ILogger logger)
    {
        _operations = operations;
        _time = time;
        _startupDelay = startupDelay;
        _logger = logger;
        _nodes = nodes.ToDictionary(n => n.Name, StringComparer.Ordinal);
        foreach (var name in _nodes.Keys)
        {
            _ready[name] = true;
        }

        _podEvents = operations.Store.Watch(ApiOperations.Pods, null, static _ => true, operations.Store.ResourceVersion,
            bookmarks: false, markInitialEventsEnd: false, capacity: 0);
    }

    public IReadOnlyCollection<string> NodeNames => _nodes.Keys;

    /// <summary>Registers the Node objects and starts the kubelet loop.</summary>
    public void Start()
    {
        var nodes = _operations.Registry.StorageDefinition(Nodes)!;
        foreach (var node in _nodes.Values)
        {
            _operations.Create(nodes, string.Empty, node.ToObject(_time.GetUtcNow()), _operations.SystemContext());
        }

        _pump = Task.Run(() => PumpAsync(_stopping.Token));
        _loop = Task.Run(() => RunAsync(_stopping.Token));
    }

    /// <summary>Injects a node fault (NotReady, with unreachable taints and pods marked not ready) or clears it.</summary>
    public void SetNodeReady(string nodeName, bool ready)
    {
        if (!_nodes.ContainsKey(nodeName))
        {
            throw new ArgumentException($"no simulated node named {nodeName}", nameof(nodeName));
        }

        _ready[nodeName] = ready;
        var now = _time.GetUtcNow();
        _operations.Mutate(Nodes, string.Empty, nodeName, "status", node =>
        {
            KubeletConditions.SetNodeReady(JsonNodes.Ensure(node, "status"), ready, now);
            return true;
        });
        _operations.Mutate(Nodes, string.Empty, nodeName, null, node => KubeletConditions.SetUnreachableTaints(node, ready, now));
        foreach (var pod in PodsOn(nodeName))
        {
            if (!ready)
            {
                _operations.Mutate(ApiOperations.Pods, pod.Namespace, pod.Name, "status", copy =>
                {
                    if (JsonNodes.GetString(copy, "metadata", "uid") != pod.Uid || IsTerminal(copy))
                    {
                        return false;
                    }

                    var status = JsonNodes.Ensure(copy, "status");
                    ApiOperations.SetCondition(status, "Ready", "False", "NodeNotReady", now);
                    return true;
                });
            }

            Enqueue(ObjectStore.Key(pod.Namespace, pod.Name));
        }
    }

    public bool IsNodeReady(string nodeName) => _ready.GetValueOrDefault(nodeName);

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _podEvents.Dispose();
        _queue.Writer.TryComplete();
        await _pump.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        await _loop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        foreach (var runtime in _pods.Values)
        {
            runtime.Dispose();
        }

        _stopping.Dispose();
    }

    private async Task PumpAsync(CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var message in _podEvents.Reader.ReadAllAsync(cancellationToken))
            {
                if (message.Object is { } pod)
                {
                    Enqueue(ObjectStore.Key(pod.Namespace, pod.Name));
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    private void Enqueue(string key)
    {
        if (_queued.TryAdd(key, 0))
        {
            _queue.Writer.TryWrite(key);
        }
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var key in _queue.Reader.ReadAllAsync(cancellationToken))
            {
                _queued.TryRemove(key, out _);
                var separator = key.IndexOf('/', StringComparison.Ordinal);
                try
                {
                    Sync(key[..separator], key[(separator + 1)..]);
                }
                catch (ApiException exception)
                {
                    LogPodSyncFailed(_logger, key, exception.Message);
                    Enqueue(key);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    private List<StoredObject> PodsOn(string nodeName) =>
        _operations.Store.List(ApiOperations.Pods, null).Items
            .Where(p => JsonNodes.GetString(p.Object, "spec", "nodeName") == nodeName).ToList();

    private static bool IsTerminal(JsonObject pod) =>
        JsonNodes.GetString(pod, "status", "phase") is "Succeeded" or "Failed";

    private void Forget(string uid)
    {
        if (_pods.Remove(uid, out var runtime))
        {
            _podsByNode[runtime.Node].Remove(runtime);
            runtime.Dispose();
        }
    }

    private void ScheduleAt(PodRuntime runtime, string key, DateTimeOffset when)
    {
        var due = when - _time.GetUtcNow();
        if (due < TimeSpan.Zero)
        {
            due = TimeSpan.Zero;
        }

        runtime.Schedule(_time.CreateTimer(static state =>
        {
            var (simulator, podKey) = ((KubeletSimulator, string))state!;
            simulator.Enqueue(podKey);
        }, (this, key), due, Timeout.InfiniteTimeSpan));
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Kubelet sync of pod {Pod} failed, retrying: {Reason}")]
    private static partial void LogPodSyncFailed(ILogger logger, string pod, string reason);

    private static decimal Requested(JsonObject pod, string resource) => PodBehavior.Request(pod, resource);
}
