using ClusterOperator.Sandbox.Benchmark;
using Xunit.Abstractions;

namespace ClusterOperator.Sandbox.Tests.Integration;

public sealed class BenchmarkTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_small_benchmark_run_completes_every_write_and_every_watch_sees_every_change()
    {
        var result = await SandboxBenchmark.RunAsync(new SandboxBenchmarkOptions
        {
            Objects = 200,
            Writers = 8,
            Watches = 20,
            ChangesWhileWatching = 10,
        });

        output.WriteLine(result.ToString());
        Assert.Equal(400, result.Writes);
        Assert.Equal(20, result.WatchesHeld);
        Assert.Equal(20, result.WatchesComplete);
    }
}
