using ClusterOperator.EndToEnd.Tests.Support;

namespace ClusterOperator.EndToEnd.Tests;

/// <summary>The main job started as users start it, driven by real kubectl.</summary>
public sealed class OperatorEndToEndTests(OperatorSandboxProcess sandbox) : IClassFixture<OperatorSandboxProcess>
{
    [Fact]
    public async Task Kubectl_applies_the_examples_and_sees_them_progress_to_succeeded_with_sensible_columns()
    {
        (await sandbox.KubectlAsync("apply", "-f", RepositoryPaths.Combine("examples"))).EnsureSuccess();

        var running = await sandbox.KubectlUntilAsync(o => o.Contains("Running", StringComparison.Ordinal), TimeSpan.FromSeconds(30), "get", "tr");
        Assert.Contains("OWNER", running, StringComparison.Ordinal);
        Assert.Contains("GPUS", running, StringComparison.Ordinal);
        Assert.Contains("WAITING", running, StringComparison.Ordinal);
        Assert.Contains("alice", running, StringComparison.Ordinal);

        var ideas = await sandbox.KubectlUntilAsync(
            o => o.Split('\n').Count(l => l.Contains("Succeeded", StringComparison.Ordinal)) == 2,
            TimeSpan.FromSeconds(90),
            "get", "idea");
        Assert.Contains("HYPOTHESIS", ideas, StringComparison.Ordinal);
        Assert.Contains("warm-up", ideas, StringComparison.Ordinal);

        await sandbox.KubectlUntilAsync(
            o => o.Split('\n').Count(l => l.Contains("Succeeded", StringComparison.Ordinal)) == 3,
            TimeSpan.FromSeconds(120),
            "get", "tr", "resnet-baseline", "llm-finetune-elastic", "weight-decay-full");
        var described = (await sandbox.KubectlAsync("describe", "tr", "resnet-baseline")).EnsureSuccess().Output;
        Assert.Contains("Scheduled", described, StringComparison.Ordinal);
    }
}
