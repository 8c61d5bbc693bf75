using ClusterOperator.Scheduling;
using ClusterOperator.Simulation.Clusters;
using ClusterOperator.Simulation.Replay;
using ClusterOperator.Simulation.Tests.Reports;
using static ClusterOperator.Simulation.Tests.Replay.TinyReplays;

namespace ClusterOperator.Simulation.Tests.Replay;

public sealed class ReplayConsoleTests
{
    [Fact]
    public async Task Without_a_terminal_progress_is_plain_lines_then_the_table()
    {
        var (console, output) = ReplayTableTests.PlainConsole();
        var trace = Trace("a,0,alice,training,1,8,3600,", "b,10,bob,training,1,4,100,", "bad,0,bob,training,1,0,1,");

        await ReplayConsole.RunAsync(new ReplayRequest(trace, ClusterSpec.Uniform(1, 8), [SchedulingPolicy.Fifo, SchedulingPolicy.FairShare], new FairShareOptions()), console, CancellationToken.None);

        var lines = output.ToString().Split('\n').Select(l => l.TrimEnd()).ToList();
        Assert.Contains("fifo: 0% (0/2 jobs, 0.0 h simulated)", lines);
        Assert.Contains("fifo: 100% (2/2 jobs, 1.0 h simulated)", lines);
        Assert.Contains(lines, l => l.StartsWith("fair-share: 100% (2/2 jobs", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("max within-share queue", StringComparison.Ordinal));
        Assert.Contains("  line 4 (id bad): gpus_per_replica is 0; it must be at least 1", lines);
        Assert.True(
            lines.FindIndex(l => l.StartsWith("fifo: 100%", StringComparison.Ordinal)) < lines.FindIndex(l => l.Contains("Jain index", StringComparison.Ordinal)),
            "progress comes before the table");
    }
}
