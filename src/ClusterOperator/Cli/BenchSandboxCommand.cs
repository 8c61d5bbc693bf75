using System.CommandLine;
using ClusterOperator.Sandbox.Benchmark;

namespace ClusterOperator.Cli;

/// <summary>The <c>bench-sandbox</c> verb: write throughput and concurrent watches of the embedded API server.</summary>
internal static class BenchSandboxCommand
{
    public static Command Create()
    {
        var objects = new Option<int>("--objects") { Description = "Objects created and then patched.", DefaultValueFactory = _ => 10_000 };
        var writers = new Option<int>("--writers") { Description = "Concurrent writers.", DefaultValueFactory = _ => 32 };
        var watches = new Option<int>("--watches") { Description = "Watches held open at once.", DefaultValueFactory = _ => 250 };
        var command = new Command("bench-sandbox", "Measure the sandbox API server: writes per second over HTTPS, and watches held at once with the memory they take.")
        {
            objects, writers, watches,
        };
        command.SetAction(async (parse, ct) =>
        {
            var result = await SandboxBenchmark.RunAsync(
                new SandboxBenchmarkOptions { Objects = parse.GetValue(objects), Writers = parse.GetValue(writers), Watches = parse.GetValue(watches) }, ct);
            await parse.InvocationConfiguration.Output.WriteLineAsync(result.ToString());
            return 0;
        });
        return command;
    }
}
