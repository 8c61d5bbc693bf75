using ClusterOperator.Runtime.Metrics;
using ClusterOperator.Runtime.Queueing;
using ClusterOperator.Runtime.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace ClusterOperator.Runtime.Tests.Queueing;

public sealed class WorkQueueTests : IDisposable
{
    private readonly FakeTimeProvider _time = new();
    private readonly WorkQueue<string> _queue;

    public WorkQueueTests()
    {
        _queue = new WorkQueue<string>("test", new WorkQueueOptions { BaseDelay = TimeSpan.FromMilliseconds(100), MaxDelay = TimeSpan.FromSeconds(1) }, _time);
    }

    public void Dispose() => _queue.Dispose();

    [Fact]
    public async Task Key_added_many_times_before_it_is_taken_is_processed_once()
    {
        _queue.Add("a");
        _queue.Add("a");
        _queue.Add("b");
        _queue.Add("a");

        Assert.Equal(2, _queue.Depth);
        Assert.Equal("a", await _queue.TakeAsync(CancellationToken.None));
        Assert.Equal("b", await _queue.TakeAsync(CancellationToken.None));
        Assert.Equal(0, _queue.Depth);
    }

    [Fact]
    public async Task Key_added_while_being_processed_waits_until_done()
    {
        _queue.Add("a");
        var taken = await _queue.TakeAsync(CancellationToken.None);

        _queue.Add("a");
        var second = _queue.TakeAsync(CancellationToken.None);

        Assert.Equal(0, _queue.Depth);
        Assert.False(second.IsCompleted);

        _queue.Done(taken);

        Assert.Equal("a", await second.WaitAsync(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task Done_without_a_new_add_does_not_requeue()
    {
        _queue.Add("a");
        _queue.Done(await _queue.TakeAsync(CancellationToken.None));

        Assert.Equal(0, _queue.Depth);
    }

    [Fact]
    public void Requeue_after_a_delay_makes_the_key_ready_only_when_the_delay_has_passed()
    {
        _queue.AddAfter("a", TimeSpan.FromSeconds(10));

        _time.Advance(TimeSpan.FromSeconds(9.9));
        Assert.Equal(0, _queue.Depth);
        Assert.Equal(1, _queue.DelayedCount);

        _time.Advance(TimeSpan.FromSeconds(0.1));
        Assert.Equal(1, _queue.Depth);
        Assert.Equal(0, _queue.DelayedCount);
    }

    [Fact]
    public void Delayed_key_keeps_the_earlier_of_two_due_times()
    {
        _queue.AddAfter("a", TimeSpan.FromSeconds(10));
        _queue.AddAfter("a", TimeSpan.FromSeconds(2));
        _queue.AddAfter("a", TimeSpan.FromSeconds(5));

        _time.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(1, _queue.Depth);

        _time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(1, _queue.Depth);
    }

    [Fact]
    public void Delayed_keys_come_out_in_due_order()
    {
        _queue.AddAfter("late", TimeSpan.FromSeconds(3));
        _queue.AddAfter("early", TimeSpan.FromSeconds(1));

        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, _queue.Depth);
        _time.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(2, _queue.Depth);
    }

    [Fact]
    public async Task Rate_limited_requeues_back_off_exponentially_per_key_up_to_the_cap()
    {
        var expected = new[] { 100, 200, 400, 800, 1000, 1000 };
        foreach (var ms in expected)
        {
            _queue.AddRateLimited("a");
            _time.Advance(TimeSpan.FromMilliseconds(ms - 1));
            Assert.Equal(0, _queue.Depth);
            _time.Advance(TimeSpan.FromMilliseconds(1));
            Assert.Equal(1, _queue.Depth);
            var key = await _queue.TakeAsync(CancellationToken.None);
            _queue.Done(key);
        }

        Assert.Equal(expected.Length, _queue.NumRequeues("a"));
    }

    [Fact]
    public void Forget_resets_the_backoff_of_one_key_only()
    {
        _queue.AddRateLimited("a");
        _queue.AddRateLimited("a");
        _queue.AddRateLimited("b");

        _queue.Forget("a");

        Assert.Equal(0, _queue.NumRequeues("a"));
        Assert.Equal(1, _queue.NumRequeues("b"));
    }

    [Fact]
    public async Task Take_waits_for_a_key_and_honours_cancellation()
    {
        using var cts = new CancellationTokenSource();
        var waiting = _queue.TakeAsync(cts.Token);
        Assert.False(waiting.IsCompleted);

        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
    }

    [Fact]
    public void Depth_is_observable_as_workqueue_depth_by_controller()
    {
        using var metrics = new RuntimeMetrics();
        using var recorder = new MetricRecorder(metrics.Meter);
        using var queue = new WorkQueue<string>("trainingrun", new WorkQueueOptions(), _time, metrics);

        queue.Add("a");
        queue.Add("b");
        queue.Add("b");

        Assert.Equal(2, recorder.Observe(RuntimeMetrics.WorkQueueDepthName, ("controller", "trainingrun")));
    }
}
