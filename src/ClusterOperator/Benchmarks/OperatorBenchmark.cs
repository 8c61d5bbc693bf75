using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using ClusterOperator.Api;
using ClusterOperator.Api.Model;
using ClusterOperator.Configuration;
using k8s;
using k8s.Models;

namespace ClusterOperator.Benchmarks;

/// <summary>
/// Measures the operator as deployed: a sandbox cluster and the operator each in their own process, runs created
/// through the API, and the time from each run's creation until all its pods are bound, seen through a watch.
/// Memory is the operator process's resident set once it holds every run in its caches.
/// </summary>
internal static class OperatorBenchmark
{
    public static async Task<OperatorBenchmarkResult> RunAsync(OperatorBenchmarkOptions options, TextWriter progress, CancellationToken ct)
    {
        var directory = Directory.CreateTempSubdirectory("clusteroperator-bench-");
        var kubeconfig = Path.Combine(directory.FullName, "kubeconfig");
        var self = Environment.ProcessPath!;
        var prefix = self.EndsWith("dotnet", StringComparison.Ordinal) ? new[] { typeof(OperatorBenchmark).Assembly.Location } : [];
        using var cluster = ChildProcess.Start(self, [.. prefix, "sandbox", "--cluster-only", "--nodes", Text(options.Nodes), "--gpus-per-node", Text(options.GpusPerNode), "--kubeconfig", kubeconfig]);
        await cluster.WaitForLineAsync("Kubeconfig:", TimeSpan.FromMinutes(1));
        using var operatorProcess = ChildProcess.Start(self, [.. prefix, "run", "--kubeconfig", kubeconfig, "--Metrics:Url=http://127.0.0.1:0", "--Operator:OperatorNamespace=default", "--FairShare:MinRuntime=0s"]);
        using var client = ClientFactory.Create(kubeconfig);
        await WaitForLeaderAsync(client, ct);

        var created = new ConcurrentDictionary<string, long>();
        var boundPods = new ConcurrentDictionary<string, int>();
        var latencies = new ConcurrentBag<double>();
        using var watchStop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var watching = WatchBindsAsync(client, options, created, boundPods, latencies, watchStop.Token);

        await progress.WriteLineAsync($"creating {options.Runs} runs on {options.Nodes} nodes x {options.GpusPerNode} GPUs");
        await Parallel.ForAsync(0, options.Runs, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = ct }, async (i, c) =>
        {
            var name = string.Create(CultureInfo.InvariantCulture, $"bench-{i}");
            created[name] = Stopwatch.GetTimestamp();
            await client.CustomObjects.CreateNamespacedCustomObjectAsync(Run(name, options), ApiGroup.Group, ApiGroup.Version, "default", TrainingRun.Plural, cancellationToken: c);
        });

        var deadline = Stopwatch.GetTimestamp() + Stopwatch.Frequency * 120;
        while (latencies.Count < options.Runs && Stopwatch.GetTimestamp() < deadline)
        {
            await Task.Delay(200, ct);
        }

        await watchStop.CancelAsync();
        await watching;
        var memoryRuns = options.MemoryRuns;
        await progress.WriteLineAsync($"bound {latencies.Count} runs; creating {memoryRuns - options.Runs} more for the memory figure");
        await Parallel.ForAsync(options.Runs, memoryRuns, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = ct }, async (i, c) =>
            await client.CustomObjects.CreateNamespacedCustomObjectAsync(Run(string.Create(CultureInfo.InvariantCulture, $"bench-{i}"), options), ApiGroup.Group, ApiGroup.Version, "default", TrainingRun.Plural, cancellationToken: c));
        await Task.Delay(TimeSpan.FromSeconds(options.SettleSeconds), ct);
        var sorted = latencies.Order().ToArray();
        var result = new OperatorBenchmarkResult(
            options.Nodes,
            options.Runs,
            sorted.Length,
            Percentile(sorted, 0.50),
            Percentile(sorted, 0.99),
            memoryRuns,
            operatorProcess.ResidentMegabytes());
        directory.Delete(recursive: true);
        return result;
    }

    private static async Task WatchBindsAsync(IKubernetes client, OperatorBenchmarkOptions options, ConcurrentDictionary<string, long> created, ConcurrentDictionary<string, int> boundPods, ConcurrentBag<double> latencies, CancellationToken ct)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        try
        {
            var pods = client.CoreV1.WatchListNamespacedPodAsync("default", labelSelector: ApiGroup.RunLabel, cancellationToken: ct);
            await foreach (var (_, pod) in pods.WithCancellation(ct))
            {
                if (string.IsNullOrEmpty(pod.Spec?.NodeName) || !seen.Add(pod.Metadata.Name)
                    || pod.Metadata.Labels?.TryGetValue(ApiGroup.RunLabel, out var run) != true
                    || run is null
                    || !created.TryGetValue(run, out var start))
                {
                    continue;
                }

                if (boundPods.AddOrUpdate(run, 1, (_, n) => n + 1) == options.Replicas)
                {
                    latencies.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The measurement is over.
        }
    }

    private static async Task WaitForLeaderAsync(IKubernetes client, CancellationToken ct)
    {
        for (var attempt = 0; attempt < 300; attempt++)
        {
            try
            {
                var lease = await client.CoordinationV1.ReadNamespacedLeaseAsync("clusteroperator-leader", "default", cancellationToken: ct);
                if (!string.IsNullOrEmpty(lease.Spec?.HolderIdentity))
                {
                    return;
                }
            }
            catch (k8s.Autorest.HttpOperationException)
            {
                // No lease yet.
            }

            await Task.Delay(200, ct);
        }

        throw new TimeoutException("the operator never took the lease");
    }

    private static TrainingRun Run(string name, OperatorBenchmarkOptions options) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = "default" },
        Spec = new TrainingRunSpec
        {
            Owner = string.Create(CultureInfo.InvariantCulture, $"user-{name.GetHashCode(StringComparison.Ordinal) & 15}"),
            Replicas = options.Replicas,
            GpusPerReplica = options.GpusPerReplica,
            Template = new V1PodTemplateSpec { Spec = new V1PodSpec { Containers = [new V1Container { Name = "main", Image = "busybox" }] } },
        },
    };

    private static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}

/// <summary>Inputs of <see cref="OperatorBenchmark"/>.</summary>
internal sealed record OperatorBenchmarkOptions(int Nodes, int GpusPerNode, int Runs, int Replicas, int GpusPerReplica, int MemoryRuns, int SettleSeconds);

/// <summary>What <see cref="OperatorBenchmark"/> measured; serialised as the command's JSON line.</summary>
internal sealed record OperatorBenchmarkResult(int Nodes, int Runs, int RunsBound, double BindMillisP50, double BindMillisP99, int RunsHeld, double OperatorMemoryMegabytes)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public string ToJson() => JsonSerializer.Serialize(this, Json);
}
