using System.Net;
using ClusterOperator.Runtime.Metrics;
using ClusterOperator.Runtime.Resilience;
using ClusterOperator.Runtime.Tests.Support;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace ClusterOperator.Runtime.Tests.Resilience;

public sealed class ResilientApiTests : IDisposable
{
    private readonly FakeTimeProvider _time = new();
    private readonly RuntimeMetrics _metrics = new();
    private readonly MetricRecorder _recorder;
    private readonly TestGate _gate = new();
    private readonly ResilientApi _api;

    public ResilientApiTests()
    {
        _recorder = new MetricRecorder(_metrics.Meter);
        _api = new ResilientApi(
            _gate,
            new ResilienceOptions { MaxRetryAttempts = 3, BaseDelay = TimeSpan.FromMilliseconds(100), MaxDelay = TimeSpan.FromSeconds(1) },
            _metrics,
            _time,
            NullLogger<ResilientApi>.Instance);
    }

    public void Dispose()
    {
        _recorder.Dispose();
        _metrics.Dispose();
        _gate.Dispose();
    }

    [Fact]
    public async Task Too_many_requests_is_retried_after_the_servers_Retry_After()
    {
        var calls = 0;
        var write = _api.WriteAsync("create", _ => ++calls == 1 ? throw ApiFailures.Status(HttpStatusCode.TooManyRequests, retryAfter: "3") : Task.FromResult("ok"), CancellationToken.None);

        await Eventually.True(() => calls == 1);
        _time.Advance(TimeSpan.FromSeconds(2.9));
        await Task.Delay(50);
        Assert.Equal(1, calls);

        _time.Advance(TimeSpan.FromSeconds(0.1));
        Assert.Equal("ok", await write.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(2, calls);
        Assert.Equal(1, _recorder.Sum(RuntimeMetrics.ApiRetriesName, ("verb", "create"), ("code", "429")));
    }

    [Fact]
    public async Task Server_errors_are_retried_with_backoff_and_counted_by_verb_and_code()
    {
        var calls = 0;
        var write = _api.WriteAsync("patch", _ => ++calls <= 2 ? throw ApiFailures.Status(HttpStatusCode.InternalServerError) : Task.FromResult(calls), CancellationToken.None);

        Assert.Equal(3, await AdvanceUntilDone(write));
        Assert.Equal(2, _recorder.Sum(RuntimeMetrics.ApiRetriesName, ("verb", "patch"), ("code", "500")));
    }

    [Fact]
    public async Task Network_failures_are_retried()
    {
        var calls = 0;
        var write = _api.WriteAsync("bind", _ => ++calls == 1 ? throw new HttpRequestException("connection reset") : Task.FromResult(calls), CancellationToken.None);

        Assert.Equal(2, await AdvanceUntilDone(write));
        Assert.Equal(1, _recorder.Sum(RuntimeMetrics.ApiRetriesName, ("verb", "bind"), ("code", "network")));
    }

    [Fact]
    public async Task Retries_stop_after_the_configured_attempts()
    {
        var calls = 0;
        var write = _api.WriteAsync<int>("delete", _ =>
        {
            calls++;
            throw ApiFailures.Status(HttpStatusCode.ServiceUnavailable);
        }, CancellationToken.None);

        var error = await Assert.ThrowsAsync<HttpOperationException>(() => AdvanceUntilDone(write));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, error.Response.StatusCode);
        Assert.Equal(4, calls);
    }

    [Theory]
    [InlineData(HttpStatusCode.UnprocessableEntity)]
    [InlineData(HttpStatusCode.NotFound)]
    [InlineData(HttpStatusCode.Forbidden)]
    public async Task Client_errors_are_not_retried(HttpStatusCode code)
    {
        var calls = 0;

        await Assert.ThrowsAsync<HttpOperationException>(() => _api.WriteAsync<int>("update", _ =>
        {
            calls++;
            throw ApiFailures.Status(code);
        }, CancellationToken.None));

        Assert.Equal(1, calls);
    }

    [Fact]
    public async Task Conflict_rereads_the_object_and_applies_the_change_again()
    {
        var stored = new V1ConfigMap { Metadata = new() { Name = "cm", ResourceVersion = "1" }, Data = new Dictionary<string, string> { ["seen"] = "0" } };
        var reads = 0;
        var writes = 0;

        var result = await AdvanceUntilDone(_api.UpdateWithRetryAsync(
            read: _ =>
            {
                reads++;
                return Task.FromResult(KubernetesObjects.Clone(stored));
            },
            mutate: cm =>
            {
                cm.Data["seen"] = cm.Metadata.ResourceVersion;
                return true;
            },
            write: (cm, _) =>
            {
                writes++;
                if (writes == 1)
                {
                    // Someone else wrote in between: the server's copy moved on.
                    stored.Metadata.ResourceVersion = "2";
                    throw ApiFailures.Conflict();
                }

                return Task.FromResult(cm);
            },
            CancellationToken.None));

        Assert.Equal((2, 2), (reads, writes));
        Assert.Equal("2", result.Data["seen"]);
        Assert.Equal(1, _recorder.Sum(RuntimeMetrics.ApiRetriesName, ("verb", "update"), ("code", "409")));
    }

    [Fact]
    public async Task Unchanged_object_is_not_written()
    {
        var writes = 0;

        await _api.UpdateWithRetryAsync(
            _ => Task.FromResult(new V1ConfigMap { Metadata = new() { Name = "cm" } }),
            _ => false,
            (cm, _) =>
            {
                writes++;
                return Task.FromResult(cm);
            },
            CancellationToken.None);

        Assert.Equal(0, writes);
    }

    [Fact]
    public async Task Endless_conflicts_give_up_after_the_configured_rounds()
    {
        var api = new ResilientApi(_gate, new ResilienceOptions { MaxConflictRetries = 2 }, _metrics, _time, NullLogger<ResilientApi>.Instance);
        var writes = 0;

        await Assert.ThrowsAsync<HttpOperationException>(() => AdvanceUntilDone(api.UpdateWithRetryAsync(
            _ => Task.FromResult(new V1ConfigMap()),
            _ => true,
            (V1ConfigMap _, CancellationToken _) =>
            {
                writes++;
                throw ApiFailures.Conflict();
            },
            CancellationToken.None)));

        Assert.Equal(3, writes);
    }

    [Fact]
    public async Task Closed_gate_refuses_writes_without_calling_the_server()
    {
        _gate.Close();
        var calls = 0;

        await Assert.ThrowsAsync<NotLeaderException>(() => _api.WriteAsync("create", _ => Task.FromResult(++calls), CancellationToken.None));

        Assert.Equal(0, calls);
    }

    [Fact]
    public async Task Reads_do_not_need_the_gate()
    {
        _gate.Close();

        Assert.Equal(7, await _api.ReadAsync("get", _ => Task.FromResult(7), CancellationToken.None));
    }

    [Fact]
    public async Task Losing_the_gate_cancels_a_write_in_flight()
    {
        var started = new TaskCompletionSource();
        var write = _api.WriteAsync("update", async ct =>
        {
            started.SetResult();
            await Task.Delay(Timeout.InfiniteTimeSpan, ct);
            return 0;
        }, CancellationToken.None);
        await started.Task;

        _gate.Close();

        await Assert.ThrowsAsync<NotLeaderException>(() => write.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task Gate_closing_between_attempts_stops_the_retries()
    {
        var calls = 0;
        var write = _api.WriteAsync<int>("update", _ =>
        {
            calls++;
            _gate.Close();
            throw ApiFailures.Status(HttpStatusCode.InternalServerError);
        }, CancellationToken.None);

        await Assert.ThrowsAsync<NotLeaderException>(() => AdvanceUntilDone(write));
        Assert.Equal(1, calls);
    }

    [Fact]
    public void Retry_After_may_also_be_an_http_date()
    {
        var now = new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);

        var hint = KubernetesErrors.RetryAfter(ApiFailures.Status(HttpStatusCode.ServiceUnavailable, retryAfter: now.AddSeconds(4).ToString("R")), now);

        Assert.Equal(TimeSpan.FromSeconds(4), hint);
    }

    [Fact]
    public void AlreadyExists_is_told_apart_from_a_version_conflict()
    {
        var exists = ApiFailures.Status(HttpStatusCode.Conflict, body: """{"kind":"Status","reason":"AlreadyExists","code":409}""");

        Assert.True(KubernetesErrors.IsAlreadyExists(exists));
        Assert.False(KubernetesErrors.IsAlreadyExists(ApiFailures.Conflict()));
        Assert.True(KubernetesErrors.IsConflict(ApiFailures.Conflict()));
    }

    private async Task<T> AdvanceUntilDone<T>(Task<T> task)
    {
        for (var i = 0; i < 1000 && !task.IsCompleted; i++)
        {
            _time.Advance(TimeSpan.FromMilliseconds(250));
            await Task.Delay(5);
        }

        return await task;
    }
}
