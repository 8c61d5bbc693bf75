using System.CommandLine;
using System.Text.Json.Nodes;
using ClusterOperator.Api.Schema;
using ClusterOperator.Cli;

namespace ClusterOperator.Tests.Cli;

public sealed class CommandTests
{
    private static async Task<(int Exit, string Output)> InvokeAsync(Command command, params string[] args)
    {
        var output = new StringWriter();
        var exit = await command.Parse(args).InvokeAsync(new InvocationConfiguration { Output = output, Error = new StringWriter() });
        return (exit, output.ToString());
    }

    [Fact]
    public async Task Crds_prints_the_generated_definitions()
    {
        var (exit, output) = await InvokeAsync(CrdsCommand.Create());

        Assert.Equal(0, exit);
        Assert.Equal(CrdGenerator.GenerateYaml(), output);
    }

    [Fact]
    public async Task Bench_prints_the_figures_as_one_json_object()
    {
        var (exit, output) = await InvokeAsync(BenchCommand.Create(), "--nodes", "20", "--gpus-per-node", "8", "--pods", "100", "--seed", "3");
        var figures = JsonNode.Parse(output)!.AsObject();

        Assert.Equal(0, exit);
        Assert.Equal(["nodes", "gpus", "pods", "placed", "seconds", "podsPerSecond", "planMillisP50", "planMillisP99"], figures.Select(p => p.Key));
        Assert.Equal(160, (int)figures["gpus"]!);
    }

    [Fact]
    public async Task Replay_rejects_an_unknown_policy_with_the_known_ones()
    {
        var trace = Path.Combine(Directory.CreateTempSubdirectory().FullName, "trace.csv");
        await File.WriteAllTextAsync(trace, "id,submit_seconds,owner,kind,replicas,gpus_per_replica,duration_seconds,gpu_type\n1,0,alice,training,1,1,60,\n");
        var error = new StringWriter();

        var exit = await ReplayCommand.Create().Parse(["--trace", trace, "--policy", "lottery"]).InvokeAsync(new InvocationConfiguration { Output = new StringWriter(), Error = error });

        Assert.Equal(2, exit);
        Assert.Contains("fair-share", error.ToString(), StringComparison.Ordinal);
    }
}
