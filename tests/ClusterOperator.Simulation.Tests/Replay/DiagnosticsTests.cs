using ClusterOperator.Scheduling;
using ClusterOperator.Simulation.Clusters;
using ClusterOperator.Simulation.Metrics;
using ClusterOperator.Simulation.Reports;
using ClusterOperator.Simulation.Tests.Reports;
using ClusterOperator.Simulation.Traces;
using static ClusterOperator.Simulation.Tests.Replay.TinyReplays;

namespace ClusterOperator.Simulation.Tests.Replay;

public sealed class DiagnosticsTests
{
    /// <summary>
    /// bob's 4 GPUs are within share (8 ÷ 2) at 10; carol arrives at 11 and every share falls to 8 ÷ 3. bob is then
    /// over share and bigger than it: after the starvation threshold (30 min) he reserves the node, and waits for
    /// alice's run to end, since starvation never evicts a run bigger than its share.
    /// </summary>
    private static readonly TraceParseResult ShareFalls =
        Trace("alice-big,0,alice,training,1,8,4000,", "bob-four,10,bob,training,1,4,100,", "carol-four,11,carol,training,1,4,100,");

    [Fact]
    public void GPU_seconds_split_into_training_grace_and_idle_with_work_waiting()
    {
        // One node of 8: alice's 8-GPU hour starts at 0; bob's 4 GPUs arrive at 10 within share. alice is evicted at
        // 300 (MinRuntime), her pods hold 8 GPUs until 360, bob runs 360-460 while alice (over share) waits on 4 idle
        // GPUs, then alice resumes with 3,300 s to go and ends at 3,760.
        var trace = Trace("alice-big,0,alice,training,1,8,3600,", "bob-small,10,bob,training,1,4,100,");

        var d = Run(trace, ClusterSpec.Uniform(1, 8), [SchedulingPolicy.FairShare]).Policies.Single().Diagnostics!;

        Assert.Equal((8 * 3760.0, (8 * 300) + (4 * 100) + (8 * 3300.0), 8 * 60.0, 0.0, 4 * 100.0, 0.0), Split(d.Capacity));
        Assert.Equal((1, 3760 - 3600.0), (d.EvictedJobs, d.OffGpuSeconds));
        Assert.Equal(300 + 60 + 5, d.WithinShareBoundSeconds);
        Assert.Empty(d.LongWithinShareWaits);
    }

    [Fact]
    public void A_within_share_job_whose_share_fell_when_another_owner_arrived_is_classified_as_such()
    {
        var d = Run(ShareFalls, ClusterSpec.Uniform(1, 8), [SchedulingPolicy.FairShare]).Policies.Single().Diagnostics!;

        var bob = Assert.Single(d.LongWithinShareWaits);
        Assert.Equal(("bob-four", 4, 4.0, 4.0, 8 / 3.0, WaitCause.ShareFell), (bob.Id, bob.Gpus, bob.NeededGpus, bob.ShareAtArrival, bob.LowestShare, bob.CauseFor(d.WithinShareBoundSeconds)), new ShareComparer());
        Assert.Equal((10, 4000), (bob.SubmitSeconds, bob.StartSeconds));
        Assert.True(bob.WithinShareSeconds <= 5, $"{bob.WithinShareSeconds} s within share");
        Assert.Equal(bob.WaitSeconds, bob.OverShareSeconds + bob.ReclaimingSeconds + bob.NoRoomSeconds + bob.StarvingSeconds, 6);
    }

    [Fact]
    public void The_terminal_and_the_HTML_report_show_the_split_and_the_long_waits_with_their_cause()
    {
        var result = Run(ShareFalls, ClusterSpec.Uniform(1, 8), [SchedulingPolicy.FairShare]);
        var (console, output) = ReplayTableTests.PlainConsole();

        ReplayTable.Write(console, result);
        var html = ReplayHtmlReport.Render(result);

        var text = output.ToString();
        Assert.Contains("fair-share: GPU-seconds over the makespan: ", text, StringComparison.Ordinal);
        Assert.Contains("fair-share: 1 within-share jobs waited past 365 s (MinRuntime + grace + one round): 1 share fell, 0 multi-node gangs waiting for whole nodes, 0 other", text, StringComparison.Ordinal);
        // The terminal wraps long lines: compare with whitespace collapsed.
        Assert.Contains(
            "bob-four (bob, 4 GPUs in 1 pod(s)): arrived 10 s, started 4,000 s, waited 3,990 s; needed 4 of a 4.0-GPU share (lowest 2.7); not within share 3,989 s, reclaiming 1 s, no room 0 s, starving within share 0 s: share fell",
            string.Join(' ', text.Split((char[])[' ', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries)),
            StringComparison.Ordinal);
        Assert.Contains("<td>bob-four</td><td>bob</td>", html, StringComparison.Ordinal);
        Assert.Contains("<td>share fell</td>", html, StringComparison.Ordinal);
        Assert.Contains("held by evicted pods in their grace period", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1, 900, 0, 0, 0, 3.0, WaitCause.ShareFell)]
    [InlineData(1, 900, 300, 0, 0, 3.0, WaitCause.ShareFell)]
    [InlineData(1, 900, 0, 0, 0, 5.0, WaitCause.Other)]
    [InlineData(1, 900, 0, 400, 0, 3.0, WaitCause.Other)]
    [InlineData(2, 100, 200, 300, 400, 3.0, WaitCause.GangNeedsWholeNodes)]
    [InlineData(2, 900, 200, 0, 0, 3.0, WaitCause.ShareFell)]
    public void Share_fell_when_the_time_within_share_fits_the_bound_else_gangs_are_told_apart(int replicas, double overShare, double reclaiming, double noRoom, double starving, double lowestShare, WaitCause expected)
    {
        var wait = new WithinShareWait("j", "o", 4, replicas, 0, overShare + reclaiming + noRoom + starving, NeededGpus: 4, ShareAtArrival: 4, lowestShare, overShare, reclaiming, noRoom, starving);

        Assert.Equal(expected, wait.CauseFor(365));
    }

    private static (double, double, double, double, double, double) Split(CapacitySplit c) =>
        (c.TotalGpuSeconds, c.RunningGpuSeconds, c.TerminatingGpuSeconds, c.ReservedIdleGpuSeconds, c.IdleWithWorkGpuSeconds, c.IdleWithoutWorkGpuSeconds);

    /// <summary>Compares the tuple with the shares to 1e-9.</summary>
    private sealed class ShareComparer : IEqualityComparer<(string, int, double, double, double, WaitCause)>
    {
        public bool Equals((string, int, double, double, double, WaitCause) x, (string, int, double, double, double, WaitCause) y) =>
            x.Item1 == y.Item1 && x.Item2 == y.Item2 && Math.Abs(x.Item3 - y.Item3) < 1e-9 && Math.Abs(x.Item4 - y.Item4) < 1e-9 && Math.Abs(x.Item5 - y.Item5) < 1e-9 && x.Item6 == y.Item6;

        public int GetHashCode((string, int, double, double, double, WaitCause) obj) => obj.Item1.GetHashCode(StringComparison.Ordinal);
    }
}
