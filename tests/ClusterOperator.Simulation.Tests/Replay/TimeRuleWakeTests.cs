using System.Globalization;
using ClusterOperator.Scheduling;
using ClusterOperator.Simulation.Clusters;
using ClusterOperator.Simulation.Metrics;
using ClusterOperator.Simulation.Replay;
using CsCheck;
using static ClusterOperator.Simulation.Tests.Replay.TinyReplays;

namespace ClusterOperator.Simulation.Tests.Replay;

/// <summary>
/// The operator plans on a timer every round; the replay does so only for policies with time-based rules (reclaim),
/// planning the others only when something happens. Both must give the same outcome for every job.
/// </summary>
public sealed class TimeRuleWakeTests
{
    /// <summary>Short MinRuntime and starvation threshold, so protection ends and starvation happen within small traces.</summary>
    private static readonly FairShareOptions Quick = new()
    {
        MinRuntime = TimeSpan.FromSeconds(60),
        StarvationThreshold = TimeSpan.FromSeconds(180),
        DefaultGracePeriod = TimeSpan.FromSeconds(20),
    };

    private static readonly SchedulingPolicy[] WithoutReclaim = [.. SchedulingPolicy.Presets.Where(p => !p.Reclaim)];

    private static readonly Gen<(string[] Rows, int Nodes)> Traces =
        Gen.Select(
            Gen.Select(Gen.Int[0, 3], Gen.Int[0, 600], Gen.OneOfConst((1, 1), (1, 1), (1, 2), (1, 4), (1, 8), (2, 8)), Gen.Int[20, 400])
                .Array[4, 16]
                .Select(rows => rows
                    .Select((r, i) => string.Create(
                        CultureInfo.InvariantCulture,
                        $"j{i:D2},{r.Item2},owner{r.Item1},training,{r.Item3.Item1},{r.Item3.Item2},{r.Item4},"))
                    .ToArray()),
            Gen.Int[2, 3]);

    [Fact]
    public void Policies_without_time_rules_planned_only_on_events_match_planning_every_round()
    {
        Traces.Sample(
            sample =>
            {
                var trace = Trace(sample.Rows);
                var cluster = ClusterSpec.Uniform(sample.Nodes, 8);
                var onEvents = Replay(trace, cluster, everyRound: false, WithoutReclaim);
                var literal = Replay(trace, cluster, everyRound: true, WithoutReclaim);
                Assert.Equal(literal.Select(Summary), onEvents.Select(Summary));
            },
            iter: 25);
    }

    [Fact]
    public void Fair_share_is_planned_every_round_while_work_waits()
    {
        // Two 1-GPU runs on one 1-GPU node for 100 s: the second waits 100 s, so about 20 five-second rounds.
        var trace = Trace("a,0,alice,training,1,1,100,", "b,0,bob,training,1,1,100,");

        var stats = Replay(trace, new ClusterSpec([new("n", 1, null, null)]), everyRound: false, SchedulingPolicy.Presets).Select(p => (p.Metrics.Policy, p.Statistics!.Plans)).ToList();

        // fair-share: at 0, every round from 5 to 95, at 100 and at 200. fifo and drf: arrivals, then each completion.
        // strict-quota: a quota of half a GPU runs neither job, so after the first plan nothing ever happens.
        Assert.Equal([("fair-share", 22), ("fifo", 3), ("strict-quota", 1), ("drf-no-preemption", 3)], stats);
    }

    private static IReadOnlyList<PolicyResult> Replay(ClusterOperator.Simulation.Traces.TraceParseResult trace, ClusterSpec cluster, bool everyRound, IReadOnlyList<SchedulingPolicy> policies) =>
        ReplayRunner.RunAsync(
                new ReplayRequest(trace, cluster, policies, Quick) { PlanEveryRound = everyRound, MaxParallelism = 1 },
                progress: null,
                CancellationToken.None)
            .GetAwaiter()
            .GetResult()
            .Policies;

    private static string Summary(PolicyResult result) =>
        result.Metrics.Policy + ": " + string.Join(';', result.Outcomes.OrderBy(o => o.Id, StringComparer.Ordinal).Select(o => $"{o.Id}:{o.FirstStartSeconds}-{o.EndSeconds}/{o.Preemptions}/{o.WithinShare}"))
        + $"|unfinished {result.Metrics.Unfinished}";
}
