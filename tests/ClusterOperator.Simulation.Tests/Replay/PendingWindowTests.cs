using System.Globalization;
using ClusterOperator.Scheduling;
using ClusterOperator.Simulation.Clusters;
using CsCheck;
using static ClusterOperator.Simulation.Tests.Replay.TinyReplays;

namespace ClusterOperator.Simulation.Tests.Replay;

public sealed class PendingWindowTests
{
    private static readonly Gen<string> Row = Gen.Select(
        Gen.Int[0, 3],
        Gen.Int[0, 1500],
        Gen.OneOfConst((1, 1), (1, 1), (1, 1), (1, 2), (1, 4), (1, 8), (2, 8)),
        Gen.Int[30, 1500]);

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
                    Assert.Equal(Summary(whole.Policies[p]), Summary(windowed.Policies[p]));
                }
            },
            iter: 60);
    }

    [Fact]
    public void A_window_smaller_than_the_queue_plans_fewer_workloads_and_proves_its_shares()
    {
        var rows = Enumerable.Range(0, 40).Select(i => string.Create(CultureInfo.InvariantCulture, $"j{i:D2},{i},owner{i % 2},training,1,1,600,")).ToArray();

        var result = Run(Trace(rows), ClusterSpec.Uniform(1, 8), [SchedulingPolicy.FairShare], window: 4).Policies.Single();

        Assert.Equal(0, result.Statistics!.FullQueuePlans);
        Assert.Equal(32, result.Statistics.MaxPendingJobs);
    }

    private static string Summary(Metrics.PolicyResult result) =>
        string.Join(';', result.Outcomes.OrderBy(o => o.Id, StringComparer.Ordinal).Select(o => $"{o.Id}:{o.FirstStartSeconds}-{o.EndSeconds}/{o.Preemptions}/{o.WithinShare}"))
        + $"|unfinished {result.Metrics.Unfinished}";
}
