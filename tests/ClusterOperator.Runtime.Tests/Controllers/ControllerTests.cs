using System.Collections.Concurrent;
using ClusterOperator.Runtime.Controllers;
using ClusterOperator.Runtime.Metrics;
using ClusterOperator.Runtime.Queueing;
using ClusterOperator.Runtime.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace ClusterOperator.Runtime.Tests.Controllers;

public sealed class ControllerTests : IDisposable
{
    private static readonly ObjectKey Key = new("team-a", "run-1");
    private readonly FakeTimeProvider _time = new();
    private readonly RuntimeMetrics _metrics = new();
    private readonly WorkQueue<ObjectKey> _queue;

    public ControllerTests()
    {
        _queue = new WorkQueue<ObjectKey>("test", new WorkQueueOptions { BaseDelay = TimeSpan.FromSeconds(1), MaxDelay = TimeSpan.FromMinutes(1) }, _time, _metrics);
    }

    public void Dispose()
    {
        _queue.Dispose();
        _metrics.Dispose();
    }

    [Fact]
    public async Task Failed_reconcile_is_retried_with_growing_backoff()
    {
        var reconciler = ScriptedReconciler.Sync(_ => throw new InvalidOperationException("API down"));
        var controller = MakeController(reconciler);
        _queue.Add(Key);

        await controller.ProcessNextAsync(CancellationToken.None);
        Assert.Equal(0, _queue.Depth);
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, _queue.Depth);

        await controller.ProcessNextAsync(CancellationToken.None);
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(0, _queue.Depth);
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, _queue.Depth);
        Assert.Equal(2, _queue.NumRequeues(Key));
    }

    [Fact]
    public async Task Success_forgets_earlier_failures()
    {
        var calls = 0;
        var controller = MakeController(ScriptedReconciler.Sync(_ => ++calls == 1 ? throw new InvalidOperationException() : ReconcileResult.Done));
        _queue.Add(Key);
        await controller.ProcessNextAsync(CancellationToken.None);
        _time.Advance(TimeSpan.FromSeconds(1));

        await controller.ProcessNextAsync(CancellationToken.None);

        Assert.Equal(0, _queue.NumRequeues(Key));
        Assert.Equal(0, _queue.Depth + _queue.DelayedCount);
    }

    [Fact]
    public async Task Terminal_error_is_not_retried()
    {
        using var recorder = new MetricRecorder(_metrics.Meter);
        var controller = MakeController(ScriptedReconciler.Sync(_ => throw new TerminalReconcileException("bad spec")));
        _queue.Add(Key);

        await controller.ProcessNextAsync(CancellationToken.None);
        _time.Advance(TimeSpan.FromHours(1));

        Assert.Equal(0, _queue.Depth + _queue.DelayedCount);
        Assert.Equal(1, recorder.Sum(RuntimeMetrics.ReconcilesName, ("controller", "test"), ("result", "terminal_error")));
    }

    [Fact]
    public async Task RequeueAfter_brings_the_key_back_after_exactly_that_delay()
    {
        var controller = MakeController(ScriptedReconciler.Sync(_ => ReconcileResult.After(TimeSpan.FromMinutes(5))));
        _queue.Add(Key);

        await controller.ProcessNextAsync(CancellationToken.None);

        _time.Advance(TimeSpan.FromMinutes(5) - TimeSpan.FromTicks(1));
        Assert.Equal(0, _queue.Depth);
        _time.Advance(TimeSpan.FromTicks(1));
        Assert.Equal(1, _queue.Depth);
    }

    [Fact]
    public async Task Requeue_uses_the_rate_limited_backoff()
    {
        var controller = MakeController(ScriptedReconciler.Sync(_ => ReconcileResult.RequeueWithBackoff));
        _queue.Add(Key);

        await controller.ProcessNextAsync(CancellationToken.None);

        Assert.Equal(1, _queue.NumRequeues(Key));
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, _queue.Depth);
    }

    [Fact]
    public async Task Workers_never_reconcile_the_same_key_at_the_same_time()
    {
        var active = new ConcurrentDictionary<ObjectKey, int>();
        var overlaps = 0;
        var reconciles = 0;
        var reconciler = new ScriptedReconciler(async key =>
        {
            if (active.AddOrUpdate(key, 1, (_, n) => n + 1) > 1)
            {
                Interlocked.Increment(ref overlaps);
            }

            await Task.Yield();
            Thread.SpinWait(1000);
            active.AddOrUpdate(key, 0, (_, n) => n - 1);
            Interlocked.Increment(ref reconciles);
            return ReconcileResult.Done;
        });
        using var queue = new WorkQueue<ObjectKey>("parallel", new WorkQueueOptions(), TimeProvider.System);
        var controller = new Controller("parallel", reconciler, queue, new ControllerOptions { Workers = 8 }, _metrics, NullLogger.Instance);
        using var cts = new CancellationTokenSource();
        var run = controller.RunAsync(cts.Token);

        var keys = Enumerable.Range(0, 5).Select(i => new ObjectKey("ns", $"k{i}")).ToArray();
        for (var i = 0; i < 5000; i++)
        {
            queue.Add(keys[i % keys.Length]);
        }

        while (queue.Depth > 0)
        {
            await Task.Delay(10);
        }

        await cts.CancelAsync();
        await run;

        Assert.Equal(0, overlaps);
        Assert.True(reconciles >= keys.Length);
    }

    [Fact]
    public async Task Cancelled_reconcile_puts_its_key_back_for_the_next_term()
    {
        using var cts = new CancellationTokenSource();
        var controller = MakeController(new ScriptedReconciler(async _ =>
        {
            await cts.CancelAsync();
            cts.Token.ThrowIfCancellationRequested();
            return ReconcileResult.Done;
        }));
        _queue.Add(Key);

        Assert.False(await controller.ProcessNextAsync(cts.Token));

        Assert.Equal(1, _queue.Depth);
    }

    private Controller MakeController(IReconciler reconciler) =>
        new("test", reconciler, _queue, new ControllerOptions { Workers = 1 }, _metrics, NullLogger.Instance);

    private sealed class ScriptedReconciler(Func<ObjectKey, Task<ReconcileResult>> reconcile) : IReconciler
    {
        public static ScriptedReconciler Sync(Func<ObjectKey, ReconcileResult> reconcile) =>
            new(key => Task.FromResult(reconcile(key)));

        public Task<ReconcileResult> ReconcileAsync(ObjectKey key, CancellationToken cancellationToken) => reconcile(key);
    }
}
