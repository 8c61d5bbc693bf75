using ClusterOperator.Packaging.Tests.Tools;

namespace ClusterOperator.Packaging.Tests.Prometheus;

/// <summary>Runs Debian's promtool.</summary>
internal static class PromtoolRunner
{
    public static async Task<ToolResult> RunAsync(params string[] arguments)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        return await RepositoryTools.Promtool.RunAsync(arguments, timeout.Token);
    }
}
