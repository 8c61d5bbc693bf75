using System.CommandLine;
using ClusterOperator.Configuration;
using ClusterOperator.Simulation.Bench;
using ClusterOperator.Simulation.Clusters;
using ClusterOperator.Simulation.Traces;

namespace ClusterOperator.Cli;

/// <summary>The <c>bench</c> verb: how fast the scheduling core places a whole pending set, and how long one Plan takes.</summary>
internal static class BenchCommand
{
    public static Command Create()
    {
        var cluster = new Option<FileInfo?>("--cluster") { Description = "A cluster CSV; with --trace, instead of the synthetic set." };
        var trace = new Option<FileInfo?>("--trace") { Description = "A trace whose jobs are all placed at once." };
        var nodes = new Option<int>("--nodes") { Description = "Synthetic: nodes.", DefaultValueFactory = _ => 1000 };
        var gpus = new Option<int>("--gpus-per-node") { Description = "Synthetic: GPUs per node.", DefaultValueFactory = _ => 8 };
        var pods = new Option<int>("--pods") { Description = "Synthetic: pending pods.", DefaultValueFactory = _ => 10_000 };
        var seed = new Option<int>("--seed") { Description = "Synthetic: random seed.", DefaultValueFactory = _ => 1 };
        var command = new Command(
            "bench",
            "Place a whole pending set onto a cluster with the scheduling core and print JSON: pods placed per second, and the p50/p99 of one " +
            "Plan over 10,000 running and 1,000 pending pods.")
        {
            cluster, trace, nodes, gpus, pods, seed,
        };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction(async (parse, ct) =>
        {
            var options = FairShareConfiguration.Bind(parse.UnmatchedTokens);
            BenchRequest request;
            if (parse.GetValue(trace) is { } traceFile)
            {
                var parsed = TraceReader.ReadFile(traceFile.FullName);
                foreach (var invalid in parsed.Invalid)
                {
                    await parse.InvocationConfiguration.Error.WriteLineAsync($"skipped {invalid}");
                }

                var clusterSpec = parse.GetValue(cluster) is { } clusterFile ? ClusterReader.ReadFile(clusterFile.FullName) : ClusterSpec.Uniform(parse.GetValue(nodes), parse.GetValue(gpus));
                request = new BenchRequest(clusterSpec, parsed.Jobs, options) { Seed = parse.GetValue(seed) };
            }
            else
            {
                request = BenchRequest.Synthetic(parse.GetValue(nodes), parse.GetValue(gpus), parse.GetValue(pods), parse.GetValue(seed), options);
            }

            await parse.InvocationConfiguration.Output.WriteLineAsync(BenchJson.ToJson(PlacementBenchmark.Run(request, ct)));
            return 0;
        });
        return command;
    }
}
