using System.Net;
using ClusterOperator.Runtime.Metrics;
using ClusterOperator.Runtime.Resilience;
using ClusterOperator.Runtime.Tests.Support;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;

namespace ClusterOperator.Runtime.Tests.Integration;

/// <summary>Resilient writes through the real client against a server that fails and races.</summary>
public sealed class ResilientApiIntegrationTests : IAsyncLifetime, IDisposable
{
    private readonly RuntimeMetrics _metrics = new();
    private readonly MetricRecorder _recorder;
    private readonly ResilientApi _api;
    private FakeApiServer _server = null!;

    public ResilientApiIntegrationTests()
    {
        _recorder = new MetricRecorder(_metrics.Meter);
        _api = new ResilientApi(OpenWriteGate.Instance, new ResilienceOptions { BaseDelay = TimeSpan.FromMilliseconds(10) }, _metrics, TimeProvider.System, NullLogger<ResilientApi>.Instance);
    }

    public async Task InitializeAsync() => _server = await FakeApiServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    public void Dispose()
    {
        _recorder.Dispose();
        _metrics.Dispose();
    }

    [Fact]
    public async Task Create_survives_throttling_and_server_errors()
    {
        using var client = _server.CreateClient();
        _server.FailNext(1, HttpStatusCode.TooManyRequests, retryAfter: "1");
        _server.FailNext(1, HttpStatusCode.InternalServerError);

        await _api.WriteAsync("create", ct => client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap(), "default", cancellationToken: ct), CancellationToken.None);

        Assert.NotNull(_server.Get<V1ConfigMap>("configmaps", "default", "created"));
        Assert.Equal(1, _recorder.Sum(RuntimeMetrics.ApiRetriesName, ("verb", "create"), ("code", "429")));
        Assert.Equal(1, _recorder.Sum(RuntimeMetrics.ApiRetriesName, ("verb", "create"), ("code", "500")));
    }

    private static V1ConfigMap ConfigMap() => new()
    {
        Metadata = new V1ObjectMeta { Name = "created", NamespaceProperty = "default" },
    };
}
