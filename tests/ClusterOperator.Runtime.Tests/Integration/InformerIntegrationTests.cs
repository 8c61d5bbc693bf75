using ClusterOperator.Runtime.Caching;
using ClusterOperator.Runtime.Informers;
using ClusterOperator.Runtime.Metrics;
using ClusterOperator.Runtime.Tests.Support;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;

namespace ClusterOperator.Runtime.Tests.Integration;

/// <summary>Informers on the real KubernetesClient against an API server over HTTP.</summary>
public sealed class InformerIntegrationTests : IAsyncLifetime, IDisposable
{
    private static readonly InformerOptions Options = new()
    {
        InitialBackoff = TimeSpan.FromMilliseconds(50),
        MaxBackoff = TimeSpan.FromMilliseconds(200),
    };

    private readonly CancellationTokenSource _stop = new();
    private readonly RuntimeMetrics _metrics = new();
    private FakeApiServer _server = null!;
    private Kubernetes _client = null!;
    private SharedInformerFactory _factory = null!;
    private Task _run = Task.CompletedTask;

    public async Task InitializeAsync()
    {
        _server = await FakeApiServer.StartAsync();
        _client = _server.CreateClient();
        _factory = new SharedInformerFactory(_client, Options, _metrics, TimeProvider.System, NullLoggerFactory.Instance);
    }

    public async Task DisposeAsync()
    {
        await _stop.CancelAsync();
        await _run.WaitAsync(TimeSpan.FromSeconds(10));
        await _server.DisposeAsync();
    }

    public void Dispose()
    {
        _client?.Dispose();
        _stop.Dispose();
        _metrics.Dispose();
    }

    [Fact]
    public async Task Custom_resources_are_watched_in_one_namespace_through_a_label_selector()
    {
        _server.Put("widgets", Widget.Make("w1", "team-a", 1, "gold"));
        _server.Put("widgets", Widget.Make("w2", "team-a", 2, "bronze"));
        _server.Put("widgets", Widget.Make("w3", "team-b", 3, "gold"));
        var widgets = _factory.GetInformer<Widget>(new ResourceScope("team-a", LabelSelector: "tier=gold"));
        await StartAsync();

        _server.Put("widgets", Widget.Make("w4", "team-a", 4, "gold"));
        _server.Put("widgets", Widget.Make("w5", "team-b", 5, "gold"));

        await Eventually.True(() => widgets.Cache.Count == 2);
        Assert.Equal([1, 4], widgets.Cache.List().Select(w => w.Size).Order());
        Assert.Contains(_server.Requests, r => r.StartsWith("GET /apis/example.com/v1/namespaces/team-a/widgets?", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Bookmarks_move_the_resume_point_past_unrelated_changes()
    {
        var pods = _factory.GetInformer<V1Pod>();
        await StartAsync();
        var latest = _server.Put("widgets", Widget.Make("elsewhere", "team-a", 1, "gold"));

        _server.SendBookmarks();

        await Eventually.True(() => pods.ResourceVersion == latest);
    }

    [Fact]
    public async Task Same_kind_and_scope_share_one_informer()
    {
        Assert.Same(_factory.GetInformer<V1Pod>(), _factory.GetInformer<V1Pod>(ResourceScope.All));
        Assert.NotSame(_factory.GetInformer<V1Pod>(), _factory.GetInformer<V1Pod>(new ResourceScope("team-a")));
        await StartAsync();

        Assert.Throws<InvalidOperationException>(() => _factory.GetInformer<V1Node>());
    }

    [Fact]
    public async Task A_list_holds_only_what_prepare_made_of_each_object_in_the_servers_order()
    {
        _server.Put("pods", PodBuilder.Make("p1").OnNode("n1").Obj());
        _server.Put("pods", PodBuilder.Make("p2").OnNode("n2").Obj());
        var source = new KubernetesListWatcher<V1Pod>(_client, ApiResource.For<V1Pod>(), ResourceScope.All, TimeSpan.FromMinutes(1));
        var prepared = new List<V1Pod>();

        var list = await source.ListAsync(
            pod =>
            {
                var slim = CacheTransforms.SlimPod(pod);
                prepared.Add(slim);
                return slim;
            },
            CancellationToken.None);

        Assert.Equal(prepared, list.Items);
        Assert.Equal(["p1", "p2"], list.Items.Select(p => p.Metadata.Name));
        Assert.All(list.Items, pod => Assert.Null(pod.Spec.Containers[0].Image));
    }

    private async Task StartAsync()
    {
        _run = _factory.RunAsync(_stop.Token);
        await _factory.WaitForSyncAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
    }
}
