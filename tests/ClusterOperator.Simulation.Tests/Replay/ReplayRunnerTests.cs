using ClusterOperator.Scheduling;
using ClusterOperator.Simulation.Clusters;
using ClusterOperator.Simulation.Metrics;
using ClusterOperator.Simulation.Replay;
using ClusterOperator.Simulation.Traces;
using static ClusterOperator.Simulation.Tests.Replay.TinyReplays;

namespace ClusterOperator.Simulation.Tests.Replay;

/// <summary>
/// One node of 8 GPUs. alice starts an 8-GPU run for an hour at t=0; bob asks for 4 GPUs for 100 s at t=10.
/// Both fair shares are 4 once bob arrives, so bob is within share (the LessThanInitialShare example).
/// </summary>
public sealed class ReplayRunnerTests
{
    private static readonly ClusterSpec OneNode = ClusterSpec.Uniform(1, 8);

    private static readonly TraceParseResult AliceThenBob = Trace(
        "alice-big,0,alice,training,1,8,3600,",
        "bob-small,10,bob,training,1,4,100,");

    private static Dictionary<string, JobOutcome> Outcomes(SchedulingPolicy policy) =>
        Run(AliceThenBob, OneNode, [policy]).Policies.Single().Outcomes.ToDictionary(o => o.Id);

    [Fact]
    public async Task Fair_share_reclaims_for_bob_after_MinRuntime_and_the_grace_period()
    {
        var result = await ReplayRunner.RunAsync(
            new ReplayRequest(AliceThenBob, OneNode, [SchedulingPolicy.FairShare], new FairShareOptions()),
            progress: null,
            CancellationToken.None);
        var outcomes = result.Policies.Single().Outcomes.ToDictionary(o => o.Id);

        // alice is protected until 300 s (MinRuntime 5m), evicted then, and her pods are gone at 360 s (grace 60 s).
        Assert.Equal((10, 360, 460, true, 0), Times(outcomes["bob-small"]));
        // alice checkpointed during her grace period: after bob she resumes with 3,300 s to go, and lost only the
        // 8 GPUs × 60 s her pods held while checkpointing.
        Assert.Equal((0, 0, 460 + 3300, true, 1), Times(outcomes["alice-big"]));
        Assert.Equal(8 * 60, outcomes["alice-big"].LostGpuSeconds);
        var metrics = result.Policies.Single().Metrics;
        Assert.Equal((1, 8.0 * 60, 350), (metrics.Preemptions, metrics.LostGpuSeconds, metrics.MaxWithinShareQueueSeconds));
        Assert.True(metrics.MaxWithinShareQueueSeconds <= 300 + 60 + 5, "within MinRuntime + grace + one 5 s round");
    }

    [Fact]
    public void Fifo_makes_bob_wait_for_alice_to_finish()
    {
        var outcomes = Outcomes(SchedulingPolicy.Fifo);

        Assert.Equal((10, 3600, 3700, true, 0), Times(outcomes["bob-small"]));
        Assert.Equal((0, 0, 3600, true, 0), Times(outcomes["alice-big"]));
    }

    [Fact]
    public void Drf_without_preemption_also_makes_bob_wait()
    {
        var outcomes = Outcomes(SchedulingPolicy.DrfNoPreemption);

        Assert.Equal((10, 3600, 3700, true, 0), Times(outcomes["bob-small"]));
    }

    [Fact]
    public void Strict_quota_never_runs_a_job_bigger_than_its_owners_quota()
    {
        var result = Run(AliceThenBob, OneNode, [SchedulingPolicy.StrictQuota]).Policies.Single();

        // Quota: 8 GPUs ÷ 2 trace owners = 4 each, so alice's 8-GPU run can never start, and bob starts at once.
        Assert.Equal((10, 10, 110, true, 0), Times(result.Outcomes.Single()));
        Assert.Equal(1, result.Metrics.Unfinished);
    }

    [Fact]
    public void All_policies_run_on_the_same_jobs_and_are_reported_in_request_order()
    {
        var result = Run(AliceThenBob, OneNode, SchedulingPolicy.Presets);

        Assert.Equal(["fair-share", "fifo", "strict-quota", "drf-no-preemption"], result.Policies.Select(p => p.Metrics.Policy));
        Assert.All(result.Policies, p => Assert.Equal(2, p.Metrics.Jobs));
        Assert.Equal(("tiny.csv", 8), (result.Trace, result.Gpus));
    }

    [Fact]
    public void Jobs_that_can_never_fit_the_cluster_are_reported_as_invalid_rows()
    {
        var trace = Trace(
            "fits,0,alice,training,1,8,60,",
            "too-wide,0,alice,training,1,16,60,",
            "too-many,0,alice,training,2,8,60,",
            "wrong-type,0,alice,training,1,1,60,h100",
            "big-idea,0,alice,idea,1,9,60,",
            "broken,0,alice,training,0,1,60,");

        var result = Run(trace, OneNode, [SchedulingPolicy.Fifo]);

        Assert.Equal(
            [
                "line 3 (id too-wide): a pod needs 16 GPUs but the largest node has 8",
                "line 4 (id too-many): needs 2 pods of 8 GPUs but the cluster holds at most 1 such pods",
                "line 5 (id wrong-type): no node has GPUs of type h100",
                "line 6 (id big-idea): an idea needs 9 GPUs, above IdeaMaxGpus 8",
                "line 7 (id broken): replicas is 0; it must be at least 1",
            ],
            result.InvalidRows.Select(r => r.ToString()));
        Assert.Equal((1, 5), (result.Policies.Single().Metrics.Jobs, result.Policies.Single().Metrics.Invalid));
    }

    [Fact]
    public void Ideas_without_a_duration_run_for_the_default_idea_duration()
    {
        var result = Run(Trace("idea,0,alice,idea,1,1,,"), OneNode, [SchedulingPolicy.FairShare]);

        Assert.Equal(2 * 3600, result.Policies.Single().Outcomes.Single().EndSeconds);
    }

    [Fact]
    public async Task Progress_reaches_every_job_of_every_policy()
    {
        var reports = new List<ReplayProgress>();
        var progress = new SynchronousProgress(p =>
        {
            lock (reports)
            {
                reports.Add(p);
            }
        });

        await ReplayRunner.RunAsync(new ReplayRequest(AliceThenBob, OneNode, SchedulingPolicy.Presets, new FairShareOptions()), progress, CancellationToken.None);

        Assert.Equal(2, reports.Where(r => r.Policy == "fifo").Max(r => r.CompletedJobs));
        Assert.All(SchedulingPolicy.Presets, p => Assert.Contains(reports, r => r.Policy == p.Name && r.TotalJobs == 2));
    }

    [Fact]
    public async Task A_cancelled_replay_stops()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => ReplayRunner.RunAsync(new ReplayRequest(AliceThenBob, OneNode, [SchedulingPolicy.Fifo], new FairShareOptions()), null, cancelled.Token));
    }

    private static (double Submit, double Start, double End, bool WithinShare, int Preemptions) Times(JobOutcome o) =>
        (o.SubmitSeconds, o.FirstStartSeconds, o.EndSeconds, o.WithinShare, o.Preemptions);

    private sealed class SynchronousProgress(Action<ReplayProgress> report) : IProgress<ReplayProgress>
    {
        public void Report(ReplayProgress value) => report(value);
    }
}
