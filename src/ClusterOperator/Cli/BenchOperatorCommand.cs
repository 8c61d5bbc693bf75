using System.CommandLine;
using ClusterOperator.Benchmarks;

namespace ClusterOperator.Cli;

/// <summary>The <c>bench-operator</c> verb: bind latency and memory of the operator as deployed.</summary>
internal static class BenchOperatorCommand
{
    public static Command Create()
    {
        var nodes = new Option<int>("--nodes") { Description = "Simulated nodes.", DefaultValueFactory = _ => 100 };
        var gpus = new Option<int>("--gpus-per-node") { Description = "GPUs per node.", DefaultValueFactory = _ => 16 };
        var runs = new Option<int>("--runs") { Description = "Runs created one at a time, whose creation-to-bound latency is measured.", DefaultValueFactory = _ => 1000 };
        var rate = new Option<double>("--rate") { Description = "Runs created per second.", DefaultValueFactory = _ => 20 };
        var burst = new Option<int>("--burst-runs") { Description = "Runs created at once afterwards, measured apart.", DefaultValueFactory = _ => 500 };
        var memoryRuns = new Option<int>("--memory-runs") { Description = "Runs the operator holds when its memory is read.", DefaultValueFactory = _ => 10_000 };
        var command = new Command(
            "bench-operator",
            "Start a sandbox and the operator as two processes, create runs of one 1-GPU pod at a steady rate and then a burst, and print JSON: " +
            "the time from each run's creation until all its pods are bound (p50, p99) and the operator's resident memory once it holds --memory-runs runs.")
        {
            nodes, gpus, runs, rate, burst, memoryRuns,
        };
        command.SetAction(async (parse, ct) =>
        {
            var result = await OperatorBenchmark.RunAsync(
                new OperatorBenchmarkOptions(parse.GetValue(nodes), parse.GetValue(gpus), parse.GetValue(runs), 1, 1, parse.GetValue(memoryRuns), 10)
                {
                    Rate = parse.GetValue(rate),
                    BurstRuns = parse.GetValue(burst),
                },
                parse.InvocationConfiguration.Error,
                ct);
            await parse.InvocationConfiguration.Output.WriteLineAsync(result.ToJson());
            return 0;
        });
        return command;
    }
}
