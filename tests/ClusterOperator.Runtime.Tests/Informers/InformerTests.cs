using ClusterOperator.Runtime.Informers;
using ClusterOperator.Runtime.Metrics;
using ClusterOperator.Runtime.Tests.Support;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace ClusterOperator.Runtime.Tests.Informers;

public sealed class InformerTests : IAsyncLifetime, IDisposable
{
    private static readonly InformerOptions Options = new()
    {
        WatchIdleTimeout = TimeSpan.FromSeconds(60),
        InitialBackoff = TimeSpan.FromSeconds(1),
        MaxBackoff = TimeSpan.FromSeconds(4),
    };

    private readonly FakeTimeProvider _time = new();
    private readonly FakeListWatcher _server = new();
    private readonly RecordingHandler _handler = new();
    private readonly RuntimeMetrics _metrics = new();
    private readonly MetricRecorder _recorder;
    private readonly Informer<V1Pod> _informer;
    private readonly CancellationTokenSource _stop = new();
    private Task _run = Task.CompletedTask;

    public InformerTests()
    {
        _recorder = new MetricRecorder(_metrics.Meter);
        _informer = new Informer<V1Pod>(_server, Options, _metrics, _time, NullLogger.Instance);
        _informer.AddEventHandler(_handler);
        _server.Items.Add(PodBuilder.Make("a").Version("5").Obj());
        _server.Items.Add(PodBuilder.Make("b").Version("6").Obj());
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
        _recorder.Dispose();
        _metrics.Dispose();
    }

    [Fact]
    public async Task First_list_fills_the_cache_and_the_watch_starts_from_its_version()
    {
        Assert.False(_informer.HasSynced);

        await StartAsync();

        Assert.True(_informer.HasSynced);
        Assert.Equal(2, _informer.Cache.Count);
        Assert.Equal(["added:a", "added:b"], _handler.Calls.Order());
        Assert.Equal(["10"], _server.WatchedFrom);
    }

    [Fact]
    public async Task Watch_events_update_the_cache_and_tell_the_handlers_in_order()
    {
        await StartAsync();

        _server.Send(WatchEventType.Added, PodBuilder.Make("c").Version("11").Obj());
        _server.Send(WatchEventType.Modified, PodBuilder.Make("a").Version("12").OnNode("n1").Obj());
        _server.Send(WatchEventType.Deleted, PodBuilder.Make("b").Version("13").Obj());
        _server.Bookmark("20");

        await Eventually.True(() => _informer.ResourceVersion == "20");
        Assert.Equal(["added:a", "added:b", "added:c", "updated:a@12", "deleted:b"], _handler.Calls.ToArray()[..2].Order().Concat(_handler.Calls.ToArray()[2..]));
        Assert.Equal("n1", _informer.Cache.Get(new ObjectKey("default", "a"))?.Spec.NodeName);
        Assert.Null(_informer.Cache.Get(new ObjectKey("default", "b")));
    }

    [Fact]
    public async Task Watch_closed_by_the_server_resumes_from_the_last_version_without_relisting()
    {
        await StartAsync();
        _server.Send(WatchEventType.Added, PodBuilder.Make("c").Version("11").Obj());
        await Eventually.True(() => _informer.ResourceVersion == "11");

        _server.CloseWatch();

        await Eventually.True(() => _server.WatchCount == 2);
        Assert.Equal(["10", "11"], _server.WatchedFrom);
        Assert.Equal(1, _server.Lists);
        Assert.Equal(1, _recorder.Sum(RuntimeMetrics.WatchRestartsName, ("resource", "pods")));
    }

    [Fact]
    public async Task Expired_watch_relists_and_reports_what_changed_meanwhile()
    {
        await StartAsync();
        _server.Items.RemoveAt(1);
        _server.Items.Add(PodBuilder.Make("c").Version("30").Obj());
        _server.ListVersion = "31";
        _server.ExpireNextWatch = true;

        _server.Bookmark("10");
        _server.CloseWatch();

        await Eventually.True(() => _server.WatchCount == 3);
        Assert.Equal(["10", "10", "31"], _server.WatchedFrom);
        Assert.Equal(2, _server.Lists);
        Assert.Contains("deleted:b", _handler.Calls);
        Assert.Contains("added:c", _handler.Calls);
        Assert.Equal(["a", "c"], _informer.Cache.List().Select(p => p.Metadata.Name).Order());
    }

    [Fact]
    public async Task Watch_that_ends_at_once_without_events_backs_off_before_resuming()
    {
        await StartAsync();

        _server.CloseWatch();
        await Task.Delay(50);
        Assert.Equal(1, _server.WatchCount);

        await AdvanceUntil(() => _server.WatchCount == 2);
        Assert.Equal(1, _server.Lists);
    }

    [Fact]
    public async Task Throttled_list_waits_as_long_as_the_server_asks()
    {
        _server.ListFailures.Enqueue(ApiFailures.Status(System.Net.HttpStatusCode.TooManyRequests, retryAfter: "3"));
        _run = _informer.RunAsync(_stop.Token);
        await Eventually.True(() => _server.Lists == 1);

        _time.Advance(TimeSpan.FromSeconds(2.9));
        await Task.Delay(50);
        Assert.Equal(1, _server.Lists);

        _time.Advance(TimeSpan.FromSeconds(0.1));
        await _informer.WaitForSyncAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(2, _server.Lists);
    }

    [Fact]
    public async Task Silent_watch_is_restarted_by_the_watchdog()
    {
        await StartAsync();

        _time.Advance(Options.WatchIdleTimeout - TimeSpan.FromSeconds(1));
        await Task.Delay(50);
        Assert.Equal(1, _server.WatchCount);

        _time.Advance(TimeSpan.FromSeconds(1));

        await Eventually.True(() => _server.WatchCount == 2);
        Assert.Equal(["10", "10"], _server.WatchedFrom);
        Assert.Equal(1, _server.Lists);
    }

    [Fact]
    public async Task Events_keep_the_watchdog_from_firing()
    {
        await StartAsync();

        for (var i = 0; i < 5; i++)
        {
            _time.Advance(Options.WatchIdleTimeout / 2);
            _server.Bookmark($"{100 + i}");
            await Eventually.True(() => _informer.ResourceVersion == $"{100 + i}");
        }

        Assert.Equal(1, _server.WatchCount);
    }

    [Fact]
    public async Task Broken_watch_is_resumed_after_a_backoff()
    {
        await StartAsync();

        _server.BreakWatch(new IOException("connection reset"));
        await Task.Delay(50);
        Assert.Equal(1, _server.WatchCount);

        await AdvanceUntil(() => _server.WatchCount == 2);
        Assert.Equal(["10", "10"], _server.WatchedFrom);
        Assert.Equal(1, _server.Lists);
    }

    [Fact]
    public async Task Failing_list_is_retried_until_it_succeeds()
    {
        _server.ListFailures.Enqueue(new HttpRequestException("refused"));
        _server.ListFailures.Enqueue(new HttpRequestException("refused"));

        _run = _informer.RunAsync(_stop.Token);
        await AdvanceUntil(() => _informer.HasSynced);

        Assert.Equal(3, _server.Lists);
    }

    [Fact]
    public async Task Failing_handler_does_not_stop_the_informer_or_other_handlers()
    {
        var informer = new Informer<V1Pod>(_server, Options, _metrics, _time, NullLogger.Instance);
        informer.AddEventHandler(new ThrowingHandler());
        var recording = new RecordingHandler();
        informer.AddEventHandler(recording);

        _run = informer.RunAsync(_stop.Token);
        await informer.WaitForSyncAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(2, recording.Calls.Count);
    }

    [Fact]
    public async Task Handlers_cannot_be_added_once_running()
    {
        await StartAsync();

        Assert.Throws<InvalidOperationException>(() => _informer.AddEventHandler(new RecordingHandler()));
    }

    private async Task StartAsync()
    {
        _run = _informer.RunAsync(_stop.Token);
        await _informer.WaitForSyncAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
        await Eventually.True(() => _server.WatchCount == 1);
    }

    private async Task AdvanceUntil(Func<bool> condition)
    {
        for (var i = 0; i < 500 && !condition(); i++)
        {
            _time.Advance(TimeSpan.FromMilliseconds(500));
            await Task.Delay(5);
        }

        Assert.True(condition());
    }

    private sealed class ThrowingHandler : IInformerHandler<V1Pod>
    {
        public void OnAdded(V1Pod obj) => throw new InvalidOperationException("bug");

        public void OnUpdated(V1Pod oldObj, V1Pod newObj) => throw new InvalidOperationException("bug");

        public void OnDeleted(V1Pod obj) => throw new InvalidOperationException("bug");
    }
}
