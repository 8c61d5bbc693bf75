using ClusterOperator.Simulation.Metrics;
using ClusterOperator.Simulation.Replay;
using ClusterOperator.Simulation.Tests.Metrics;
using ClusterOperator.Simulation.Traces;

namespace ClusterOperator.Simulation.Tests.Reports;

internal static class SampleResults
{
    public static ReplayResult Tiny() =>
        new("tiny.csv", 8, [new InvalidTraceRow(3, "x", "num_gpu is 0; it must be at least 1")], [MetricsRecorderTests.HandComputedReplay()]);

    /// <summary>Two policies over a few simulated hours with three owners, so every chart has many points.</summary>
    public static ReplayResult Hours()
    {
        string[] owners = ["alice", "bob", "carol <&>"];
        return new ReplayResult("hours.csv", 16, [], [Run("fair-share", owners, phase: 0), Run("fifo", owners, phase: 3)]);
    }

    private static PolicyResult Run(string policy, string[] owners, int phase)
    {
        var recorder = new MetricsRecorder(owners, capacityGpus: 16, startSeconds: 0);
        var samples = new OwnerSample[owners.Length];
        for (var minute = 0; minute < 240; minute++)
        {
            for (var i = 0; i < owners.Length; i++)
            {
                var allocated = ((minute + phase + (i * 7)) % 13) * 16.0 / 13 / owners.Length;
                samples[i] = new OwnerSample(allocated, 16.0 / owners.Length, 8);
            }

            recorder.Record(minute * 60, samples);
            recorder.Complete(new JobOutcome($"j{minute}", owners[minute % owners.Length], 2, minute * 60, (minute * 60) + (minute * phase % 97), (minute * 60) + 600, minute % 2 == 0, 0, 0));
        }

        recorder.Record(240 * 60, new OwnerSample[owners.Length]);
        return recorder.Finish(policy, 240, 0);
    }
}
