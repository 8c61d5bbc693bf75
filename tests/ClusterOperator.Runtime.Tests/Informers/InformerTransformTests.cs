using ClusterOperator.Runtime.Informers;
using ClusterOperator.Runtime.Metrics;
using ClusterOperator.Runtime.Tests.Support;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;

namespace ClusterOperator.Runtime.Tests.Informers;

public sealed class InformerTransformTests : IAsyncLifetime, IDisposable
{
    private readonly FakeListWatcher _server = new();
    private readonly RecordingHandler _handler = new();
    private readonly RuntimeMetrics _metrics = new();
    private readonly Informer<V1Pod> _informer;
    private readonly CancellationTokenSource _stop = new();
    private Task _run = Task.CompletedTask;

    public InformerTransformTests()
    {
        _informer = new Informer<V1Pod>(_server, new InformerOptions(), _metrics, TimeProvider.System, NullLogger.Instance);
        _informer.AddEventHandler(_handler);
        _server.Items.Add(Annotated("a", "5"));
        _server.ListVersion = "10";
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _stop.CancelAsync();
        await _run.WaitAsync(TimeSpan.FromSeconds(10));
    }

    public void Dispose()
    {
        _stop.Dispose();
        _metrics.Dispose();
    }

    [Fact]
    public async Task Listed_and_watched_objects_enter_the_cache_transformed()
    {
        _informer.SetTransform(CacheTransforms.SlimPod);
        await StartAsync();

        _server.Send(WatchEventType.Added, Annotated("b", "11"));
        _server.Send(WatchEventType.Modified, Annotated("a", "12"));
        await Eventually.True(() => _informer.ResourceVersion == "12");

        Assert.All(_informer.Cache.List(), pod => Assert.Null(pod.Metadata.Annotations));
        Assert.All(_informer.Cache.List(), pod => Assert.Null(pod.Spec.Containers[0].Image));
        Assert.Equal(["added:a", "added:b", "updated:a@12"], _handler.Calls);
    }

    [Fact]
    public async Task Handlers_see_the_transformed_object_that_the_cache_holds()
    {
        var seen = new List<V1Pod>();
        _informer.AddEventHandler(new CapturingHandler(seen));
        _informer.SetTransform(CacheTransforms.SlimPod);

        await StartAsync();

        Assert.Same(_informer.Cache.Get(new ObjectKey("default", "a")), Assert.Single(seen));
    }

    [Fact]
    public async Task Transform_cannot_be_set_once_the_informer_runs()
    {
        await StartAsync();

        Assert.Throws<InvalidOperationException>(() => _informer.SetTransform(CacheTransforms.SlimPod));
    }

    [Fact]
    public void Shared_informer_refuses_a_second_different_transform()
    {
        _informer.SetTransform(CacheTransforms.SlimPod);
        _informer.SetTransform(CacheTransforms.SlimPod);

        Assert.Throws<InvalidOperationException>(() => _informer.SetTransform(CacheTransforms.MetadataOnly));
    }

    private static V1Pod Annotated(string name, string version)
    {
        var pod = PodBuilder.Make(name).Version(version).Obj();
        pod.Metadata.Annotations = new Dictionary<string, string> { ["note"] = new('x', 1000) };
        return pod;
    }

    private async Task StartAsync()
    {
        _run = _informer.RunAsync(_stop.Token);
        await _informer.WaitForSyncAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
        await Eventually.True(() => _server.WatchCount == 1);
    }

    private sealed class CapturingHandler(List<V1Pod> seen) : IInformerHandler<V1Pod>
    {
        public void OnAdded(V1Pod obj) => seen.Add(obj);

        public void OnUpdated(V1Pod oldObj, V1Pod newObj) => seen.Add(newObj);

        public void OnDeleted(V1Pod obj) => seen.Add(obj);
    }
}
