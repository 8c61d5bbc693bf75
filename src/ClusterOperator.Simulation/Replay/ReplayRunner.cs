using ClusterOperator.Simulation.Clusters;
using ClusterOperator.Simulation.Metrics;

namespace ClusterOperator.Simulation.Replay;

/// <summary>Replays one trace under each requested policy, on the same jobs and nodes, so the figures compare side by side.</summary>
public static class ReplayRunner
{
    /// <param name="request">Trace, cluster, policies and options.</param>
    /// <param name="progress">Receives per-policy progress, possibly from several threads at once; may be null.</param>
    /// <param name="cancellationToken">Stops the replay.</param>
    public static async Task<ReplayResult> RunAsync(ReplayRequest request, IProgress<ReplayProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Cluster.TotalGpus == 0)
        {
            throw new ArgumentException("the cluster has no GPUs", nameof(request));
        }

        var jobs = ReplayJobs.Prepare(request.Trace, request.Cluster, request.Options);
        var nodes = request.Cluster.ToNodes();
        var results = new PolicyResult[request.Policies.Count];
        var parallel = new ParallelOptions
        {
            MaxDegreeOfParallelism = Math.Max(1, request.MaxParallelism),
            CancellationToken = cancellationToken,
        };
        // Policies that reclaim plan at every round and take longest: start them first, so the cores stay busy to the end.
        var longestFirst = Enumerable.Range(0, results.Length).OrderByDescending(i => request.Policies[i].Reclaim);
        await Parallel.ForEachAsync(longestFirst, parallel, (i, token) =>
        {
            var policy = request.Policies[i];
            var options = PolicyOptions.For(policy, request.Options, jobs.Owners);
            results[i] = new ReplaySimulation(jobs, nodes, policy, options, request.PlanningRound, request.PendingWindow, request.PlanEveryRound, progress).Run(token);
            return ValueTask.CompletedTask;
        });
        return new ReplayResult(request.Trace.Name, request.Cluster.TotalGpus, jobs.Invalid, results);
    }
}
