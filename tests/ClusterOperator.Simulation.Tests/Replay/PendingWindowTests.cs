using System.Globalization;
using ClusterOperator.Scheduling;
using ClusterOperator.Simulation.Clusters;
using ClusterOperator.Simulation.Metrics;
using CsCheck;
using static ClusterOperator.Simulation.Tests.Replay.TinyReplays;

namespace ClusterOperator.Simulation.Tests.Replay;

public sealed class PendingWindowTests
{
    /// <summary>Random queues on a small cluster, long enough that every owner's queue outgrows the smallest window.</summary>
    private static readonly Gen<(string[] Rows, int Nodes)> Traces =
        Gen.Select(
            Gen.Select(Gen.Int[0, 3], Gen.Int[0, 1500], Gen.OneOfConst((1, 1), (1, 1), (1, 1), (1, 2), (1, 4), (1, 8), (2, 8)), Gen.Int[30, 1500])
                .Array[5, 40]
                .Select(rows => rows
                    .Select((r, i) => string.Create(
                        CultureInfo.InvariantCulture,
                        $"j{i:D2},{r.Item2},owner{r.Item1},training,{r.Item3.Item1},{r.Item3.Item2},{r.Item4},"))
                    .ToArray()),
            Gen.Int[2, 3]);

    [Fact]
    public void The_pending_window_changes_no_outcome_of_any_policy()
    {
        Traces.Sample(
            sample =>
            {
                var trace = Trace(sample.Rows);
                var cluster = ClusterSpec.Uniform(sample.Nodes, 8);
                var windowed = Run(trace, cluster, SchedulingPolicy.Presets, window: 1);
                var whole = Run(trace, cluster, SchedulingPolicy.Presets, window: null);
                for (var p = 0; p < whole.Policies.Count; p++)
                {
                    Assert.Equal((whole.Policies[p].Metrics.Policy, Summary(whole.Policies[p])), (windowed.Policies[p].Metrics.Policy, Summary(windowed.Policies[p])));
                }
            },
            iter: 60);
    }

    [Fact]
    public void A_window_smaller_than_the_queue_is_used_when_the_plan_proves_it_exact()
    {
        var rows = Enumerable.Range(0, 40).Select(i => string.Create(CultureInfo.InvariantCulture, $"j{i:D2},{i},owner{i % 2},training,1,1,600,")).ToArray();

        var result = Run(Trace(rows), ClusterSpec.Uniform(1, 8), [SchedulingPolicy.FairShare], window: 4).Policies.Single();

        var stats = result.Statistics!;
        Assert.True(stats.WindowedPlans > 0, $"{stats.WindowedPlans} windowed plans");
        // Fair share rechecks the whole queue when an owner drops to its share: a hidden job might then be within share.
        Assert.True(stats.WindowFallbacks < stats.WindowedPlans, $"{stats.WindowFallbacks} fallbacks");
        Assert.Equal(32, stats.MaxPendingJobs);
    }

    private static string Summary(PolicyResult result) =>
        string.Join(';', result.Outcomes.OrderBy(o => o.Id, StringComparer.Ordinal).Select(o => $"{o.Id}:{o.FirstStartSeconds}-{o.EndSeconds}/{o.Preemptions}/{o.WithinShare}"))
        + $"|unfinished {result.Metrics.Unfinished}";
}
