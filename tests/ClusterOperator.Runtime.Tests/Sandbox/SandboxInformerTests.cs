using ClusterOperator.Runtime.Caching;
using ClusterOperator.Runtime.Informers;
using ClusterOperator.Runtime.Metrics;
using ClusterOperator.Runtime.Resilience;
using ClusterOperator.Runtime.Tests.Support;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;

namespace ClusterOperator.Runtime.Tests.Sandbox;

/// <summary>Informers on the real KubernetesClient against the project's sandbox API server over HTTP.</summary>
public sealed class SandboxInformerTests : IDisposable
{
    private static readonly InformerOptions Options = new()
    {
        InitialBackoff = TimeSpan.FromMilliseconds(50),
        MaxBackoff = TimeSpan.FromMilliseconds(500),
    };

    private static readonly ResourceScope OurPods = new(FieldSelector: "spec.schedulerName=clusteroperator");

    private readonly CancellationTokenSource _stop = new();
    private readonly RuntimeMetrics _metrics = new();
    private readonly MetricRecorder _recorder;

    public SandboxInformerTests()
    {
        _recorder = new MetricRecorder(_metrics.Meter);
    }

    public void Dispose()
    {
        _stop.Cancel();
        _stop.Dispose();
        _recorder.Dispose();
        _metrics.Dispose();
    }

    [Fact]
    public async Task Nodes_and_our_pods_are_listed_then_followed()
    {
        await using var cluster = await SandboxCluster.StartAsync();
        var factory = new SharedInformerFactory(cluster.Client, Options, _metrics, TimeProvider.System, NullLoggerFactory.Instance);
        var nodes = factory.GetInformer<V1Node>();
        var pods = factory.GetInformer<V1Pod>(OurPods);
        pods.Cache.AddIndex(Indexers.PodsByNode, Indexers.NodeName());
        await cluster.CreatePodAsync("before");
        var run = factory.RunAsync(_stop.Token);
        await factory.WaitForSyncAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(2, nodes.Cache.Count);
        Assert.All(nodes.Cache.List(), n => Assert.Equal("8", n.Status.Allocatable["nvidia.com/gpu"].ToString()));
        Assert.Single(pods.Cache.List());

        await cluster.CreatePodAsync("after");
        await cluster.Client.CoreV1.CreateNamespacedPodAsync(
            new V1Pod { Metadata = new() { Name = "not-ours" }, Spec = new() { Containers = [new() { Name = "c", Image = "busybox" }] } }, "default");
        await cluster.Client.CoreV1.CreateNamespacedPodBindingAsync(
            new V1Binding { Metadata = new() { Name = "after" }, Target = new V1ObjectReference { Kind = "Node", Name = "node-1" } }, "after", "default");
        await cluster.Client.CoreV1.DeleteNamespacedPodAsync("before", "default", new V1DeleteOptions { GracePeriodSeconds = 0 });

        await Eventually.True(() => pods.Cache.Count == 1 && pods.Cache.ByIndex(Indexers.PodsByNode, "node-1").Count == 1);
        Assert.Null(pods.Cache.Get(new ObjectKey("default", "not-ours")));
        await _stop.CancelAsync();
        await run.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Watches_the_server_keeps_closing_are_resumed_without_a_relist()
    {
        await using var cluster = await SandboxCluster.StartAsync(o => o.WatchMaxSeconds = 1);
        var (informer, counter) = Start(cluster, OurPods);
        await informer.WaitForSyncAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));

        for (var i = 0; i < 12; i++)
        {
            await cluster.CreatePodAsync($"pod-{i}");
            await Task.Delay(300);
        }

        await Eventually.True(() => informer.Cache.Count == 12);
        Assert.True(cluster.Host.Faults.WatchesClosed >= 2, $"the server closed {cluster.Host.Faults.WatchesClosed} watches");
        Assert.True(counter.Watches >= 3, $"{counter.Watches} watches");
        Assert.Equal(1, counter.Lists);
        Assert.True(_recorder.Sum(RuntimeMetrics.WatchRestartsName, ("resource", "pods")) >= 2);
    }

    [Fact]
    public async Task Watch_that_fell_behind_the_servers_history_relists()
    {
        // The sandbox ends watches it closes with a bookmark, so a client only falls behind when its connection
        // drops: here the watchdog cuts a silent watch after a second, while a burst of changes the watch does
        // not match pushes its version out of the five-change history.
        await using var cluster = await SandboxCluster.StartAsync(o => o.History = 5);
        var options = new InformerOptions { WatchIdleTimeout = TimeSpan.FromSeconds(1), InitialBackoff = Options.InitialBackoff, MaxBackoff = Options.MaxBackoff };
        var (informer, counter) = Start(cluster, new ResourceScope(LabelSelector: "app=watched"), options);
        await informer.WaitForSyncAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
        await cluster.CreatePodAsync("watched", app: "watched");
        await Eventually.True(() => informer.Cache.Count == 1);

        for (var i = 0; i < 10; i++)
        {
            await cluster.CreateConfigMapAsync($"noise-{i}");
        }

        await Eventually.True(() => counter.Lists == 2, TimeSpan.FromSeconds(10), "the resumed watch gets 410 and the informer relists");
        await cluster.CreatePodAsync("watched-2", app: "watched");
        await Eventually.True(() => informer.Cache.Count == 2);
    }

    [Fact]
    public async Task Cache_matches_the_server_after_writes_through_a_flaky_server()
    {
        await using var cluster = await SandboxCluster.StartAsync(o =>
        {
            o.WatchMaxSeconds = 1;
            o.History = 20;
            o.FaultSeed = 7;
        });
        var (informer, _) = Start(cluster, OurPods);
        await informer.WaitForSyncAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
        var api = new ResilientApi(OpenWriteGate.Instance, new ResilienceOptions { BaseDelay = TimeSpan.FromMilliseconds(20) }, _metrics, TimeProvider.System, NullLogger<ResilientApi>.Instance);
        cluster.Host.Faults.Rate = 0.1;

        for (var i = 0; i < 30; i++)
        {
            var pod = new V1Pod
            {
                Metadata = new() { Name = $"pod-{i}", NamespaceProperty = "default" },
                Spec = new() { SchedulerName = "clusteroperator", Containers = [new() { Name = "c", Image = "busybox" }] },
            };
            await CreateIdempotentlyAsync(api, cluster.Client, pod);
            if (i % 3 == 0)
            {
                await api.WriteAsync("delete", ct => cluster.Client.CoreV1.DeleteNamespacedPodAsync($"pod-{i}", "default", new V1DeleteOptions { GracePeriodSeconds = 0 }, cancellationToken: ct), CancellationToken.None);
            }
        }

        cluster.Host.Faults.Rate = 0;
        var truth = await cluster.Client.CoreV1.ListNamespacedPodAsync("default", fieldSelector: OurPods.FieldSelector);
        Assert.Equal(20, truth.Items.Count);
        await Eventually.True(
            () => informer.Cache.Keys().Select(k => k.Name).Order().SequenceEqual(truth.Items.Select(p => p.Metadata.Name).Order()),
            TimeSpan.FromSeconds(15),
            "the cache converges on the server's state");
        Assert.True(cluster.Host.Faults.InjectedErrors > 0);
        Assert.True(_recorder.Sum(RuntimeMetrics.ApiRetriesName) > 0);
    }

    // A create retried after a lost response finds its own object: that is success.
    private static async Task CreateIdempotentlyAsync(ResilientApi api, Kubernetes client, V1Pod pod)
    {
        try
        {
            await api.WriteAsync("create", ct => client.CoreV1.CreateNamespacedPodAsync(pod, "default", cancellationToken: ct), CancellationToken.None);
        }
        catch (Exception ex) when (KubernetesErrors.IsAlreadyExists(ex))
        {
        }
    }

    private (Informer<V1Pod> Informer, CountingListWatcher<V1Pod> Counter) Start(SandboxCluster cluster, ResourceScope scope, InformerOptions? options = null)
    {
        options ??= Options;
        var counter = new CountingListWatcher<V1Pod>(new KubernetesListWatcher<V1Pod>(cluster.Client, ApiResource.For<V1Pod>(), scope, options.WatchTimeout));
        var informer = new Informer<V1Pod>(counter, options, _metrics, TimeProvider.System, NullLogger.Instance);
        _ = informer.RunAsync(_stop.Token);
        return (informer, counter);
    }
}
