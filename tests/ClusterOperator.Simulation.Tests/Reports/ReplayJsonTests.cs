using System.Text.Json;
using ClusterOperator.Simulation.Reports;

namespace ClusterOperator.Simulation.Tests.Reports;

public sealed class ReplayJsonTests
{
    [Fact]
    public void Json_has_exactly_the_issue_shape_and_the_figures()
    {
        Assert.Equal(
            """{"trace":"tiny.csv","gpus":8,"policies":[{"policy":"fair-share","jobs":5,"invalid":2,"avgJctSeconds":17.5,"p50JctSeconds":15,"p99JctSeconds":25,"avgQueueSeconds":5,"p50QueueSeconds":5,"p99QueueSeconds":10,"maxQueueSeconds":10,"maxWithinShareQueueSeconds":10,"jainIndex":0.875,"shareDeviation":0.25,"utilization":0.625,"utilizationVsBound":1,"preemptions":1,"lostGpuSeconds":6,"makespanSeconds":40}]}""",
            ReplayJson.ToJson(SampleResults.Tiny()));
    }

    [Fact]
    public void Json_lists_every_policy_in_order_with_the_same_keys()
    {
        using var document = JsonDocument.Parse(ReplayJson.ToJson(SampleResults.Hours()));

        var policies = document.RootElement.GetProperty("policies").EnumerateArray().ToList();
        Assert.Equal(["fair-share", "fifo"], policies.Select(p => p.GetProperty("policy").GetString()));
        Assert.Equal(
            policies[0].EnumerateObject().Select(p => p.Name),
            policies[1].EnumerateObject().Select(p => p.Name));
        Assert.Equal(["trace", "gpus", "policies"], document.RootElement.EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task Json_file_is_written_with_a_trailing_newline()
    {
        var path = Path.Combine(Path.GetTempPath(), $"replay-{Guid.NewGuid():N}.json");
        try
        {
            await ReplayJson.WriteFileAsync(path, SampleResults.Tiny(), CancellationToken.None);
            Assert.Equal(ReplayJson.ToJson(SampleResults.Tiny()) + Environment.NewLine, await File.ReadAllTextAsync(path));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
