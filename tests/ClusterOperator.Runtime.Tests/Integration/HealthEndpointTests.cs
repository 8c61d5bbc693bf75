using System.Net;
using ClusterOperator.Runtime.Health;
using ClusterOperator.Runtime.Informers;
using ClusterOperator.Runtime.Metrics;
using ClusterOperator.Runtime.Tests.Support;
using k8s.Models;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ClusterOperator.Runtime.Tests.Integration;

public sealed class HealthEndpointTests
{
    [Fact]
    public async Task Ready_only_once_every_cache_has_synced_while_healthy_throughout()
    {
        await using var server = await FakeApiServer.StartAsync();
        using var client = server.CreateClient();
        using var metrics = new RuntimeMetrics();
        var factory = new SharedInformerFactory(client, new InformerOptions(), metrics, TimeProvider.System, NullLoggerFactory.Instance);
        factory.GetInformer<V1Pod>();
        server.HoldLists = new TaskCompletionSource();

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        await using var app = builder.Build();
        app.MapRuntimeHealth(factory);
        await app.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()) };
        using var stop = new CancellationTokenSource();
        var run = factory.RunAsync(stop.Token);

        using (var notReady = await http.GetAsync(new Uri("/readyz", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, notReady.StatusCode);
            Assert.Contains("pods", await notReady.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using (var healthy = await http.GetAsync(new Uri("/healthz", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.OK, healthy.StatusCode);
        }

        server.HoldLists.SetResult();
        await factory.WaitForSyncAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
        using (var ready = await http.GetAsync(new Uri("/readyz", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        }

        await stop.CancelAsync();
        await run.WaitAsync(TimeSpan.FromSeconds(10));
    }
}
