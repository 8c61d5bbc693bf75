using ClusterOperator.Simulation.Metrics;

namespace ClusterOperator.Simulation.Tests.Metrics;

public sealed class MetricsRecorderTests
{
    /// <summary>
    /// 8 GPUs, owners a and b. [0,10): a holds 8 of its share 4, b waits for 4. [10,20): both hold their 4.
    /// [20,40): only b has demand and holds its 2. Figures below are computed by hand from this.
    /// </summary>
    internal static PolicyResult HandComputedReplay()
    {
        var recorder = new MetricsRecorder(["a", "b"], capacityGpus: 8, startSeconds: 0);
        recorder.Record(0, [new(8, 4, 8), new(0, 4, 4)]);
        recorder.Record(10, [new(4, 4, 4), new(4, 4, 4)]);
        recorder.Record(20, [new(0, 0, 0), new(2, 2, 2)]);
        recorder.Record(40, [new(0, 0, 0), new(0, 0, 0)]);
        recorder.Complete(new JobOutcome("j1", "a", 8, 0, 0, 10, false, 0, 0));
        recorder.Complete(new JobOutcome("j2", "b", 4, 0, 10, 20, true, 0, 0));
        recorder.Complete(new JobOutcome("j3", "a", 4, 5, 10, 20, false, 0, 0));
        recorder.Complete(new JobOutcome("j4", "b", 2, 15, 20, 40, true, 1, 6));
        return recorder.Finish("fair-share", jobs: 5, invalid: 2);
    }

    [Fact]
    public void Figures_match_the_hand_computed_case()
    {
        var m = HandComputedReplay().Metrics;

        Assert.Equal(("fair-share", 5, 2, 1), (m.Policy, m.Jobs, m.Invalid, m.Unfinished));
        // JCT 10, 20, 15, 25; queueing 0, 10, 5, 5.
        Assert.Equal((17.5, 15, 25), (m.AvgJctSeconds, m.P50JctSeconds, m.P99JctSeconds));
        Assert.Equal((5, 5, 10, 10), (m.AvgQueueSeconds, m.P50QueueSeconds, m.P99QueueSeconds, m.MaxQueueSeconds));
        Assert.Equal(10, m.MaxWithinShareQueueSeconds);
        // Jain: 0.5 for 10 s, 1 for 10 s, 1 for 20 s. Deviation: 1 for 10 s, then 0.
        Assert.Equal(0.875, m.JainIndex, 12);
        Assert.Equal(0.25, m.ShareDeviation, 12);
        // Allocated 80 + 80 + 40 GPU-s of 8 × 40; the bound min(8, demand) is also 200.
        Assert.Equal(0.625, m.Utilization, 12);
        Assert.Equal(1, m.UtilizationVsBound, 12);
        Assert.Equal((1, 6, 40), (m.Preemptions, m.LostGpuSeconds, m.MakespanSeconds));
    }

    [Fact]
    public void Idle_GPUs_while_work_waits_lower_the_ratio_to_the_work_conserving_bound()
    {
        var recorder = new MetricsRecorder(["a"], capacityGpus: 8, startSeconds: 0);
        recorder.Record(0, [new(4, 8, 8)]);
        recorder.Record(10, [new(0, 0, 0)]);
        recorder.Complete(new JobOutcome("j", "a", 4, 0, 0, 10, true, 0, 0));

        var m = recorder.Finish("fifo", 1, 0).Metrics;

        Assert.Equal(0.5, m.UtilizationVsBound, 12);
        Assert.Equal(0.5, m.Utilization, 12);
    }

    [Fact]
    public void The_timeline_and_the_queueing_delays_are_kept_for_the_report()
    {
        var result = HandComputedReplay();

        Assert.Equal([0, 5, 5, 10], result.AscendingQueueSeconds);
        Assert.Equal(0.625, result.Timeline.Utilization.Single(), 12);
        Assert.Equal(["a", "b"], result.Timeline.Owners.Select(o => o.Owner));
        // a: 8 for 10 s and 4 for 10 s over the 40 s bucket.
        Assert.Equal(3, result.Timeline.Owners[0].AllocatedGpus.Single(), 12);
        Assert.Equal(2, result.Timeline.Owners[0].FairShareGpus.Single(), 12);
    }

    [Fact]
    public void Time_must_not_go_backwards()
    {
        var recorder = new MetricsRecorder(["a"], 8, 0);
        recorder.Record(5, [new(1, 1, 1)]);

        Assert.Throws<ArgumentOutOfRangeException>(() => recorder.Record(4, [new(0, 0, 0)]));
    }
}
