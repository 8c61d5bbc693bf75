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
/// <list type="number">
/// <item>Warm-up: <c>WarmupRuns</c> runs at the same pace, not counted: the first runs after a start pay for compiling
/// the code they run (the very first one's latency is reported apart).</item>
/// <item>Paced: <c>Runs</c> runs, one every 1/<c>Rate</c> seconds, as users submit. This is the latency a run sees.
/// The watch also shows when each run's pods were created, which splits it between the run controller and the
/// scheduler round.</item>
/// <item>Burst: <c>BurstRuns</c> more, created at once by 8 clients as fast as the API server takes them. The last
/// of them waits for every write before it, so this measures throughput more than latency.</item>
/// <item>Memory: runs up to <c>MemoryRuns</c> in all, then the operator's resident set once it holds them and has
/// gone idle (their pods and Services created).</item>
/// </list>
/// Every measured run fits: paced and burst runs together need no more GPUs than the nodes have, so a latency is
/// never a wait for GPUs. The watch starts before the first run and only counts pods, so it does not lag behind.
/// </summary>
internal static class OperatorBenchmark
{
    private const string Warmup = "warmup-";

    /// <summary>The runtime settings the image's Dockerfile sets, so the operator is measured as deployed.</summary>
    private static readonly Dictionary<string, string> DeployedEnvironment = new(StringComparer.Ordinal) { ["DOTNET_GCgen0size"] = "0x400000" };
    private const string Burst = "burst-";
    private const string Paced = "paced-";

    public static async Task<OperatorBenchmarkResult> RunAsync(OperatorBenchmarkOptions options, TextWriter progress, CancellationToken ct)
    {
        var measured = (options.WarmupRuns + options.Runs + options.BurstRuns) * options.Replicas * options.GpusPerReplica;
        if (measured > options.Nodes * options.GpusPerNode)
        {
            throw new ArgumentException($"the measured runs need {measured} GPUs but the nodes have {options.Nodes * options.GpusPerNode}: latency would include waiting for GPUs", nameof(options));
        }

        var directory = Directory.CreateTempSubdirectory("clusteroperator-bench-");
        var kubeconfig = Path.Combine(directory.FullName, "kubeconfig");
        var self = Environment.ProcessPath!;
        var prefix = self.EndsWith("dotnet", StringComparison.Ordinal) ? new[] { typeof(OperatorBenchmark).Assembly.Location } : [];
        using var cluster = ChildProcess.Start(self, [.. prefix, "sandbox", "--cluster-only", "--nodes", Text(options.Nodes), "--gpus-per-node", Text(options.GpusPerNode), "--kubeconfig", kubeconfig]);
        await cluster.WaitForLineAsync("Kubeconfig:", TimeSpan.FromMinutes(1));
        using var operatorProcess = ChildProcess.Start(self, [.. prefix, "run", "--kubeconfig", kubeconfig, "--Metrics:Url=http://127.0.0.1:0", "--Operator:OperatorNamespace=default", "--FairShare:MinRuntime=0s"], DeployedEnvironment);
        using var client = ClientFactory.Create(kubeconfig);
        await WaitForLeaderAsync(client, ct);

        var created = new ConcurrentDictionary<string, long>();
        var podsCreated = new ConcurrentDictionary<string, double>();
        var latencies = new ConcurrentDictionary<string, double>();
        var everyPod = new ConcurrentDictionary<string, byte>(StringComparer.Ordinal);
        using var watchStop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var watching = WatchPodsAsync(client, options, everyPod, created, podsCreated, latencies, watchStop.Token);

        await progress.WriteLineAsync($"warm-up: creating {options.WarmupRuns} runs at {options.Rate} a second on {options.Nodes} nodes x {options.GpusPerNode} GPUs");
        await CreatePacedAsync(client, Warmup, options.WarmupRuns, options, created, ct);
        await WaitForAsync(() => latencies.Count >= options.WarmupRuns, ct);
        var cpuBefore = operatorProcess.CpuTime();

        await progress.WriteLineAsync($"paced: creating {options.Runs} runs at {options.Rate} a second");
        await CreatePacedAsync(client, Paced, options.Runs, options, created, ct);
        await WaitForAsync(() => latencies.Count >= options.WarmupRuns + options.Runs, ct);
        var cpu = operatorProcess.CpuTime() - cpuBefore;

        await progress.WriteLineAsync($"burst: creating {options.BurstRuns} runs at once");
        await Parallel.ForAsync(0, options.BurstRuns, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = ct }, async (i, c) =>
            await CreateAsync(client, Name(Burst, i), options, created, c));
        await WaitForAsync(() => latencies.Count >= options.WarmupRuns + options.Runs + options.BurstRuns, ct);

        var held = options.WarmupRuns + options.Runs + options.BurstRuns;
        var total = Math.Max(held, options.MemoryRuns);
        await progress.WriteLineAsync($"bound {latencies.Count} runs; creating {total - held} more for the memory figure");
        await Parallel.ForAsync(held, total, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = ct }, async (i, c) =>
            await client.CustomObjects.CreateNamespacedCustomObjectAsync(Run(Name("held-", i), options), ApiGroup.Group, ApiGroup.Version, "default", TrainingRun.Plural, cancellationToken: c));

        // Memory is read once the operator has created every run's pods, not while a starved operator is still midway.
        await WaitForAsync(() => everyPod.Count >= total * options.Replicas, ct);
        await watchStop.CancelAsync();
        await watching;
        await Task.Delay(TimeSpan.FromSeconds(options.SettleSeconds), ct);
        await WaitForIdleAsync(operatorProcess, ct);
        var paced = Sorted(latencies, Paced);
        var pacedPods = Sorted(podsCreated, Paced);
        var burst = Sorted(latencies, Burst);
        var result = new OperatorBenchmarkResult(
            options.Nodes,
            Math.Round(latencies.GetValueOrDefault(Name(Warmup, 0), double.NaN), 1),
            options.Runs,
            options.Rate,
            paced.Length,
            Percentile(paced, 0.50),
            Percentile(paced, 0.99),
            Percentile(pacedPods, 0.50),
            Percentile(pacedPods, 0.99),
            Math.Round(cpu.TotalSeconds, 1),
            options.BurstRuns,
            burst.Length,
            Percentile(burst, 0.50),
            Percentile(burst, 0.99),
            total,
            operatorProcess.ResidentMegabytes(),
            File.ReadAllText("/proc/loadavg").Split(' ')[0]);
        directory.Delete(recursive: true);
        return result;
    }

    private static async Task CreatePacedAsync(IKubernetes client, string phase, int count, OperatorBenchmarkOptions options, ConcurrentDictionary<string, long> created, CancellationToken ct)
    {
        var start = Stopwatch.GetTimestamp();
        var creating = new List<Task>();
        for (var i = 0; i < count; i++)
        {
            var due = TimeSpan.FromSeconds(i / options.Rate) - Stopwatch.GetElapsedTime(start);
            if (due > TimeSpan.Zero)
            {
                await Task.Delay(due, ct);
            }

            creating.Add(CreateAsync(client, Name(phase, i), options, created, ct));
        }

        await Task.WhenAll(creating);
    }

    private static async Task CreateAsync(IKubernetes client, string name, OperatorBenchmarkOptions options, ConcurrentDictionary<string, long> created, CancellationToken ct)
    {
        created[name] = Stopwatch.GetTimestamp();
        await client.CustomObjects.CreateNamespacedCustomObjectAsync(Run(name, options), ApiGroup.Group, ApiGroup.Version, "default", TrainingRun.Plural, cancellationToken: ct);
    }

    /// <summary>Waits until <paramref name="done"/>, or two minutes: a run never bound is left out of the figures, and counted.</summary>
    private static async Task WaitForAsync(Func<bool> done, CancellationToken ct)
    {
        var deadline = Stopwatch.GetTimestamp() + Stopwatch.Frequency * 120;
        while (!done() && Stopwatch.GetTimestamp() < deadline)
        {
            await Task.Delay(50, ct);
        }
    }

    /// <summary>
    /// Waits until the operator has worked through the runs it was just given (under 5% of a core for two seconds,
    /// or two minutes at most), so its memory is read with every run's pods and Service in its caches, not midway.
    /// </summary>
    private static async Task WaitForIdleAsync(ChildProcess process, CancellationToken ct)
    {
        var deadline = Stopwatch.GetTimestamp() + Stopwatch.Frequency * 120;
        var before = process.CpuTime();
        while (Stopwatch.GetTimestamp() < deadline)
        {
            await Task.Delay(TimeSpan.FromSeconds(2), ct);
            var now = process.CpuTime();
            if (now - before < TimeSpan.FromSeconds(0.1))
            {
                return;
            }

            before = now;
        }
    }

    /// <summary>
    /// Times each run from its creation until the watch shows all its pods created, and until it shows them all bound:
    /// the first part is the run controller's, the rest the scheduler round's. Every pod it sees is noted, so the
    /// memory figure can wait for them all.
    /// </summary>
    private static async Task WatchPodsAsync(
        IKubernetes client,
        OperatorBenchmarkOptions options,
        ConcurrentDictionary<string, byte> everyPod,
        ConcurrentDictionary<string, long> created,
        ConcurrentDictionary<string, double> podsCreated,
        ConcurrentDictionary<string, double> latencies,
        CancellationToken ct)
    {
        var added = new PodCounts();
        var bound = new PodCounts();
        try
        {
            var pods = client.CoreV1.WatchListNamespacedPodAsync("default", labelSelector: ApiGroup.RunLabel, cancellationToken: ct);
            await foreach (var (_, pod) in pods.WithCancellation(ct))
            {
                everyPod.TryAdd(pod.Metadata.Name, 0);
                if (pod.Metadata.Labels?.TryGetValue(ApiGroup.RunLabel, out var run) != true || run is null || !created.TryGetValue(run, out var start))
                {
                    continue;
                }

                if (added.Count(run, pod.Metadata.Name) == options.Replicas)
                {
                    podsCreated[run] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                }

                if (!string.IsNullOrEmpty(pod.Spec?.NodeName) && bound.Count(run, pod.Metadata.Name) == options.Replicas)
                {
                    latencies[run] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
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

    private static string Name(string phase, int i) => string.Create(CultureInfo.InvariantCulture, $"{phase}{i}");

    private static double[] Sorted(ConcurrentDictionary<string, double> latencies, string phase) =>
        [.. latencies.Where(l => l.Key.StartsWith(phase, StringComparison.Ordinal)).Select(l => l.Value).Order()];

    private static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? double.NaN : Math.Round(sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)], 1);

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}

/// <summary>Inputs of <see cref="OperatorBenchmark"/>.</summary>
internal sealed record OperatorBenchmarkOptions(int Nodes, int GpusPerNode, int Runs, int Replicas, int GpusPerReplica, int MemoryRuns, int SettleSeconds)
{
    /// <summary>Runs created at the pace before the measured ones, not counted. Default 50.</summary>
    public int WarmupRuns { get; init; } = 50;

    /// <summary>Paced runs created per second. Default 20.</summary>
    public double Rate { get; init; } = 20;

    /// <summary>Runs created at once after the paced ones. Default 500, which with the warm-up and 1,000 paced runs fits 1,600 GPUs.</summary>
    public int BurstRuns { get; init; } = 500;
}

/// <summary>
/// What <see cref="OperatorBenchmark"/> measured; serialised as the command's JSON line. FirstRunMillis is the first
/// warm-up run's latency, right after the operator started. OperatorCpuSeconds is the CPU
/// the operator used from the first paced run until the last was bound; LoadAverage is the machine's one-minute load
/// at the end: wall-clock figures are only as good as it is low.
/// </summary>
internal sealed record OperatorBenchmarkResult(
    int Nodes,
    double FirstRunMillis,
    int Runs,
    double Rate,
    int RunsBound,
    double BindMillisP50,
    double BindMillisP99,
    double PodsCreatedMillisP50,
    double PodsCreatedMillisP99,
    double OperatorCpuSeconds,
    int BurstRuns,
    int BurstRunsBound,
    double BurstBindMillisP50,
    double BurstBindMillisP99,
    int RunsHeld,
    double OperatorMemoryMegabytes,
    string LoadAverage)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public string ToJson() => JsonSerializer.Serialize(this, Json);
}
