using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace ClusterOperator.Sandbox.Benchmark;

/// <summary>
/// Measures the sandbox API server as a client sees it, over HTTPS in this process: write throughput with
/// concurrent writers, then how many watches it holds at once (each must receive every change) and the
/// memory they cost. It prints nothing; the caller reports the result.
/// </summary>
public static class SandboxBenchmark
{
    private const string Namespace = "default";

    public static async Task<SandboxBenchmarkResult> RunAsync(SandboxBenchmarkOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        await using var host = new SandboxHost(new SandboxOptions { Nodes = 0, KubeconfigPath = null, History = 100_000 });
        await host.StartAsync(cancellationToken);
        using var http = CreateClient(host);

        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var (writes, seconds, latencies) = await WriteAsync(http, options, cancellationToken);
        var cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds;
        var before = ManagedBytes();
        var (held, complete, managed, workingSet) = await WatchAsync(http, host, options, cancellationToken);
        return new SandboxBenchmarkResult(writes, seconds, cpuSeconds, Percentile(latencies, 0.50), Percentile(latencies, 0.99), held, complete,
            options.ChangesWhileWatching, before, managed, workingSet);
    }

    private static HttpClient CreateClient(SandboxHost host)
    {
        var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = int.MaxValue,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            SslOptions =
            {
                RemoteCertificateValidationCallback = (_, certificate, _, _) => host.IssuedServerCertificate(certificate),
            },
        };
        var http = new HttpClient(handler) { BaseAddress = host.BaseUri, Timeout = Timeout.InfiniteTimeSpan };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", host.Token);
        return http;
    }

    private static async Task<(int Writes, double Seconds, List<double> Latencies)> WriteAsync(HttpClient http,
        SandboxBenchmarkOptions options, CancellationToken cancellationToken)
    {
        var latencies = new List<double>[options.Writers];
        var next = -1;
        var clock = Stopwatch.StartNew();
        var writers = Enumerable.Range(0, options.Writers).Select(async writer =>
        {
            var mine = new List<double>();
            latencies[writer] = mine;
            int index;
            while ((index = Interlocked.Increment(ref next)) < options.Objects)
            {
                var name = $"bench-{index}";
                await TimedAsync(mine, () => SendAsync(http, HttpMethod.Post, $"/api/v1/namespaces/{Namespace}/configmaps",
                    ConfigMap(name, "created"), "application/json", HttpStatusCode.Created, cancellationToken));
                await TimedAsync(mine, () => SendAsync(http, HttpMethod.Patch, $"/api/v1/namespaces/{Namespace}/configmaps/{name}",
                    """{"data":{"state":"updated"}}""", "application/merge-patch+json", HttpStatusCode.OK, cancellationToken));
            }
        }).ToList();
        await Task.WhenAll(writers);
        var elapsed = clock.Elapsed.TotalSeconds;
        return (options.Objects * 2, elapsed, latencies.SelectMany(l => l).ToList());
    }

    private static async Task<(int Held, int Complete, long Managed, long WorkingSet)> WatchAsync(HttpClient http, SandboxHost host,
        SandboxBenchmarkOptions options, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var baseline = host.WatchCount;
        var start = host.ResourceVersion;
        var counts = new int[options.Watches];
        var watches = Enumerable.Range(0, options.Watches).Select(index => Task.Run(async () =>
        {
            using var response = await http.GetAsync(
                $"/api/v1/namespaces/{Namespace}/configmaps?watch=true&resourceVersion={start}&labelSelector=phase%3Dwatch",
                HttpCompletionOption.ResponseHeadersRead, stop.Token);
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(stop.Token));
            while (await reader.ReadLineAsync(stop.Token) is not null)
            {
                if (Interlocked.Increment(ref counts[index]) == options.ChangesWhileWatching)
                {
                    return;
                }
            }
        }, stop.Token)).ToList();

        var deadline = Stopwatch.StartNew();
        while (host.WatchCount - baseline < options.Watches && deadline.Elapsed < TimeSpan.FromSeconds(60))
        {
            await Task.Delay(50, cancellationToken);
        }

        var held = host.WatchCount - baseline;
        var managed = ManagedBytes();
        var workingSet = Process.GetCurrentProcess().WorkingSet64;
        for (var change = 0; change < options.ChangesWhileWatching; change++)
        {
            await SendAsync(http, HttpMethod.Post, $"/api/v1/namespaces/{Namespace}/configmaps",
                ConfigMap($"watched-{change}", "watch", label: "watch"), "application/json", HttpStatusCode.Created, cancellationToken);
        }

        var all = Task.WhenAll(watches);
        await Task.WhenAny(all, Task.Delay(TimeSpan.FromSeconds(60), cancellationToken));
        await stop.CancelAsync();
        try
        {
            await all;
        }
        catch (OperationCanceledException)
        {
            // Watches still open at the deadline are counted as incomplete below.
        }

        return (held, counts.Count(c => c >= options.ChangesWhileWatching), managed, workingSet);
    }

    private static async Task SendAsync(HttpClient http, HttpMethod method, string path, string body, string contentType,
        HttpStatusCode expected, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path)
        {
            Content = new StringContent(body, Encoding.UTF8, contentType),
        };
        using var response = await http.SendAsync(request, cancellationToken);
        if (response.StatusCode != expected)
        {
            throw new InvalidOperationException(
                $"{method} {path} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken)}");
        }
    }

    private static async Task TimedAsync(List<double> latencies, Func<Task> call)
    {
        var started = Stopwatch.GetTimestamp();
        await call();
        latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    }

    private static string ConfigMap(string name, string state, string label = "write") =>
        new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "ConfigMap",
            ["metadata"] = new JsonObject { ["name"] = name, ["labels"] = new JsonObject { ["phase"] = label } },
            ["data"] = new JsonObject { ["state"] = state },
        }.ToJsonString();

    private static long ManagedBytes()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return GC.GetTotalMemory(forceFullCollection: true);
    }

    private static double Percentile(List<double> values, double quantile)
    {
        if (values.Count == 0)
        {
            return 0;
        }

        values.Sort();
        return values[Math.Min(values.Count - 1, (int)Math.Ceiling(quantile * values.Count) - 1)];
    }
}
