using System.CommandLine;
using ClusterOperator.Soak;

namespace ClusterOperator.Cli;

/// <summary>The <c>soak</c> verb: the chaos soak of issue #9.</summary>
internal static class SoakCommand
{
    public static Command Create()
    {
        var defaults = new SoakOptions();
        var runs = new Option<int>("--runs") { Description = "Runs and ideas to submit.", DefaultValueFactory = _ => defaults.Runs };
        var minutes = new Option<double>("--minutes") { Description = "How long faults are injected; runs arrive over the first 60% of it.", DefaultValueFactory = _ => defaults.Minutes };
        var seed = new Option<int>("--seed") { Description = "Seeds the workload, the chaos schedule and the API faults: the same seed gives the same workload.", DefaultValueFactory = _ => defaults.Seed };
        var nodes = new Option<int>("--nodes") { Description = "Simulated nodes.", DefaultValueFactory = _ => defaults.Nodes };
        var gpus = new Option<int>("--gpus-per-node") { Description = "GPUs per node.", DefaultValueFactory = _ => defaults.GpusPerNode };
        var json = new Option<string?>("--json") { Description = "Also write the summary as JSON to this file." };
        var command = new Command(
            "soak",
            "Run a sandbox with two operator replicas as child processes under chaos (10% API errors, closed watches, 410s, " +
            "NotReady nodes, SIGKILLed replicas and leaders), submit gang, elastic and idea runs from several owners, then check " +
            "the API server's history: terminal phases, no over-allocated node, no run bound twice, no orphan pods, the " +
            "within-share wait bound, status against reality. Exits 1 when any check is violated.")
        {
            runs, minutes, seed, nodes, gpus, json,
        };
        command.SetAction(async (parse, ct) =>
        {
            var options = defaults with
            {
                Runs = parse.GetValue(runs),
                Minutes = parse.GetValue(minutes),
                Seed = parse.GetValue(seed),
                Nodes = parse.GetValue(nodes),
                GpusPerNode = parse.GetValue(gpus),
            };
            var summary = await SoakEngine.RunAsync(options, parse.InvocationConfiguration.Error, ct);
            var output = parse.InvocationConfiguration.Output;
            await output.WriteLineAsync(summary.ToString());
            foreach (var detail in summary.ViolationDetails)
            {
                await output.WriteLineAsync("  " + detail);
            }

            if (parse.GetValue(json) is { } path)
            {
                await File.WriteAllTextAsync(path, summary.ToJson(), ct);
            }

            return summary.Violations == 0 ? 0 : 1;
        });
        return command;
    }
}
