using System.CommandLine;
using ClusterOperator.Configuration;
using ClusterOperator.Scheduling;
using ClusterOperator.Simulation.Clusters;
using ClusterOperator.Simulation.Replay;
using ClusterOperator.Simulation.Reports;
using ClusterOperator.Simulation.Traces;
using Spectre.Console;

namespace ClusterOperator.Cli;

/// <summary>The <c>replay</c> verb: a trace replayed in simulated time under several policies of the same core.</summary>
internal static class ReplayCommand
{
    public static Command Create()
    {
        var trace = new Option<FileInfo>("--trace") { Description = "The job trace: the native CSV or the Philly-derived format.", Required = true };
        var cluster = new Option<FileInfo?>("--cluster") { Description = "A cluster CSV (name,gpus,gpu_type,rack); otherwise --nodes x --gpus-per-node." };
        var nodes = new Option<int>("--nodes") { Description = "Uniform cluster: nodes.", DefaultValueFactory = _ => 64 };
        var gpus = new Option<int>("--gpus-per-node") { Description = "Uniform cluster: GPUs per node.", DefaultValueFactory = _ => 8 };
        var policies = new Option<string>("--policy") { Description = "Policies to compare, comma-separated.", DefaultValueFactory = _ => string.Join(',', SchedulingPolicy.Presets.Select(p => p.Name)) };
        var json = new Option<FileInfo?>("--json") { Description = "Write the figures as JSON." };
        var report = new Option<FileInfo?>("--report") { Description = "Write a self-contained HTML report with charts." };
        var command = new Command(
            "replay",
            "Replay a trace in simulated time under each named policy (fair-share, fifo, strict-quota, drf-no-preemption), all driving the " +
            "operator's own scheduling core, and compare JCT, queueing delay, fairness and utilisation. Any --FairShare:Option=value applies.")
        {
            trace, cluster, nodes, gpus, policies, json, report,
        };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction(async (parse, ct) =>
        {
            var chosen = new List<SchedulingPolicy>();
            foreach (var name in parse.GetValue(policies)!.Split(',', StringSplitOptions.RemoveEmptyEntries))
            {
                if (!SchedulingPolicy.TryParse(name, out var policy))
                {
                    await parse.InvocationConfiguration.Error.WriteLineAsync($"Unknown policy '{name}'; choose from {string.Join(", ", SchedulingPolicy.Presets.Select(p => p.Name))}.");
                    return 2;
                }

                chosen.Add(policy);
            }

            var request = new ReplayRequest(
                TraceReader.ReadFile(parse.GetValue(trace)!.FullName),
                parse.GetValue(cluster) is { } file ? ClusterReader.ReadFile(file.FullName) : ClusterSpec.Uniform(parse.GetValue(nodes), parse.GetValue(gpus)),
                chosen,
                FairShareConfiguration.Bind(parse.UnmatchedTokens));
            var result = await ReplayConsole.RunAsync(request, AnsiConsole.Console, ct);
            if (parse.GetValue(json) is { } jsonFile)
            {
                await ReplayJson.WriteFileAsync(jsonFile.FullName, result, ct);
            }

            if (parse.GetValue(report) is { } reportFile)
            {
                await ReplayHtmlReport.WriteFileAsync(reportFile.FullName, result, ct);
            }

            return 0;
        });
        return command;
    }
}
