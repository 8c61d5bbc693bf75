using System.Diagnostics;
using ClusterOperator.Scheduling;
using ClusterOperator.Simulation.Clusters;
using ClusterOperator.Simulation.Metrics;
using ClusterOperator.Simulation.Traces;

namespace ClusterOperator.Simulation.Bench;

/// <summary>
/// Measures the scheduling core, in two parts. Placement: one Plan binds a whole pending set onto an empty
/// cluster (pods per second). Latency: repeated Plans of a steady-state snapshot, by default 10,000 running
/// and 1,000 pending pods (p50 and p99 in milliseconds). A benchmark prints figures; it asserts nothing.
/// </summary>
public static class PlacementBenchmark
{
    /// <summary>Share of the latency cluster's GPUs the running pods fill, so pending work partly fits and partly waits.</summary>
    private const double LatencyFill = 0.9;

    /// <summary>
    /// Untimed Plans before timing starts: the first calls run code the JIT has not yet optimised, which a
    /// long-running operator or replay never sees.
    /// </summary>
    private const int WarmUpPlans = 5;

    private static readonly DateTimeOffset Epoch = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static BenchResult Run(BenchRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var nodes = request.Cluster.ToNodes();
        var now = Epoch.AddSeconds(request.Pending.Count == 0 ? 0 : request.Pending.Max(j => j.SubmitSeconds));
        var placement = new ClusterSnapshot
        {
            Now = now,
            Nodes = nodes,
            Workloads = [.. request.Pending.Select(j => j.ToWorkload(Epoch.AddSeconds(j.SubmitSeconds)))],
            Options = request.Options,
        };
        WarmUp(placement, 1);
        var timings = new List<double>();
        var placed = 0;
        for (var i = 0; i < Math.Max(1, request.Repetitions); i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var (plan, seconds) = TimedPlan(placement);
            placed = plan.Binds.Count;
            timings.Add(seconds);
        }

        timings.Sort();
        var median = Percentiles.NearestRank(timings, 50);
        var latencies = MeasureLatency(request, nodes.Count == 0 ? 8 : nodes.Max(n => n.Gpus), cancellationToken);
        return new BenchResult(
            nodes.Count,
            request.Cluster.TotalGpus,
            request.Pending.Sum(j => j.Replicas),
            placed,
            median,
            median > 0 ? placed / median : 0,
            Percentiles.NearestRank(latencies, 50),
            Percentiles.NearestRank(latencies, 99));
    }

    /// <summary>Plan latencies in milliseconds, ascending, over a steady-state snapshot of synthetic jobs.</summary>
    private static List<double> MeasureLatency(BenchRequest request, int gpusPerNode, CancellationToken cancellationToken)
    {
        var jobs = SyntheticTrace.Generate(request.LatencyRunningPods + request.LatencyPendingPods, gpusPerNode, BenchRequest.SyntheticOwners, request.Seed);
        var running = new List<TraceJob>();
        var pods = 0;
        foreach (var job in jobs)
        {
            if (pods >= request.LatencyRunningPods)
            {
                break;
            }

            running.Add(job);
            pods += job.Replicas;
        }

        var pending = jobs.Skip(running.Count).ToList();
        var runningGpus = running.Sum(j => j.Gpus);
        var cluster = ClusterSpec.Uniform(Math.Max(1, (int)Math.Ceiling(runningGpus / LatencyFill / gpusPerNode)), gpusPerNode).ToNodes();
        var started = Epoch.AddHours(-1);

        // The core itself places the running set, so the steady state is one it would have produced.
        var first = Scheduler.Plan(new ClusterSnapshot
        {
            Now = started,
            Nodes = cluster,
            Workloads = [.. running.Select(j => j.ToWorkload(started))],
            Options = request.Options,
        });
        var podsOf = first.Binds.GroupBy(b => b.WorkloadId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(b => new BoundPod(b.PodIndex, b.Node)).ToList(), StringComparer.Ordinal);
        var workloads = running
            .Where(j => podsOf.TryGetValue(j.Id, out var bound) && bound.Count == j.Replicas)
            .Select(j => j.ToWorkload(started) with { StartTime = started, Pods = podsOf[j.Id] })
            .Concat(pending.Select(j => j.ToWorkload(Epoch.AddSeconds(j.SubmitSeconds))))
            .ToList();
        var snapshot = new ClusterSnapshot { Now = Epoch.AddSeconds(jobs.Count), Nodes = cluster, Workloads = workloads, Options = request.Options };

        WarmUp(snapshot, WarmUpPlans);
        var latencies = new List<double>();
        for (var i = 0; i < Math.Max(1, request.LatencyRounds); i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            latencies.Add(TimedPlan(snapshot).Seconds * 1000);
        }

        latencies.Sort();
        return latencies;
    }

    private static void WarmUp(ClusterSnapshot snapshot, int plans)
    {
        for (var i = 0; i < plans; i++)
        {
            Scheduler.Plan(snapshot);
        }
    }

    private static (SchedulingPlan Plan, double Seconds) TimedPlan(ClusterSnapshot snapshot)
    {
        var started = Stopwatch.GetTimestamp();
        var plan = Scheduler.Plan(snapshot);
        return (plan, Stopwatch.GetElapsedTime(started).TotalSeconds);
    }
}
