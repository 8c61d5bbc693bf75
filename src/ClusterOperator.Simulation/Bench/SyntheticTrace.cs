using System.Globalization;
using ClusterOperator.Simulation.Traces;

namespace ClusterOperator.Simulation.Bench;

/// <summary>
/// A seeded, reproducible set of training jobs for the benchmark, shaped like a busy research cluster:
/// mostly single-GPU jobs, some multi-GPU ones, and a few multi-node gangs.
/// </summary>
public static class SyntheticTrace
{
    /// <summary>Share (in percent) of each single-pod job size, largest last; the rest are multi-node gangs of whole nodes.</summary>
    private static readonly (int Percent, int Gpus)[] SinglePodShapes = [(70, 1), (10, 2), (8, 4), (7, 8)];

    /// <param name="pods">Exactly this many pods in total.</param>
    /// <param name="gpusPerNode">No pod asks for more GPUs than one node has.</param>
    /// <param name="owners">Owners the jobs are spread over, round-robin.</param>
    /// <param name="seed">The same seed gives the same jobs.</param>
    public static IReadOnlyList<TraceJob> Generate(int pods, int gpusPerNode, int owners, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(pods);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(gpusPerNode);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(owners);
        var random = new Random(seed);
        var jobs = new List<TraceJob>();
        var remaining = pods;
        while (remaining > 0)
        {
            var (replicas, gpus) = Shape(random, gpusPerNode);
            replicas = Math.Min(replicas, remaining);
            var index = jobs.Count;
            var id = "job-" + index.ToString("D6", CultureInfo.InvariantCulture);
            var owner = "owner-" + (index % owners).ToString("D2", CultureInfo.InvariantCulture);
            jobs.Add(new TraceJob(id, index + 1, index, owner, TraceJobKind.Training, replicas, gpus, 600 + random.Next(7200), null));
            remaining -= replicas;
        }

        return jobs;
    }

    private static (int Replicas, int GpusPerReplica) Shape(Random random, int gpusPerNode)
    {
        var roll = random.Next(100);
        foreach (var (percent, gpus) in SinglePodShapes)
        {
            if (roll < percent)
            {
                return (1, Math.Min(gpus, gpusPerNode));
            }

            roll -= percent;
        }

        return (2 + random.Next(3), gpusPerNode);
    }
}
