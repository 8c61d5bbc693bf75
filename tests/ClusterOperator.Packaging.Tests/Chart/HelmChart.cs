using ClusterOperator.Packaging.Tests.Tools;

namespace ClusterOperator.Packaging.Tests.Chart;

/// <summary>Runs real helm against charts/cluster-operator.</summary>
internal static class HelmChart
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    public static string Directory { get; } = RepositoryPaths.Combine("charts", "cluster-operator");

    public static Task<ToolResult> LintAsync(ChartValues values) =>
        RunAsync(["lint", "--strict", Directory, "--namespace", values.Namespace, .. values.Arguments()]);

    public static Task<ToolResult> TemplateAsync(ChartValues values) =>
        RunAsync(["template", values.ReleaseName, Directory, "--namespace", values.Namespace, .. values.Arguments()]);

    /// <summary>The NOTES.txt helm prints after an install, from a client-side dry run.</summary>
    public static async Task<string> NotesAsync(ChartValues values)
    {
        var result = (await RunAsync(["install", values.ReleaseName, Directory, "--dry-run=client", "--namespace", values.Namespace, .. values.Arguments()]))
            .EnsureSuccess();
        var start = result.StandardOutput.IndexOf("NOTES:\n", StringComparison.Ordinal);
        return start < 0 ? throw new InvalidOperationException(result.Describe()) : result.StandardOutput[start..];
    }

    /// <summary>Renders the chart and parses every document; fails the test with helm's output if rendering fails.</summary>
    public static async Task<RenderedChart> RenderAsync(ChartValues values)
    {
        var result = (await TemplateAsync(values)).EnsureSuccess();
        return new RenderedChart(result.StandardOutput);
    }

    private static async Task<ToolResult> RunAsync(IEnumerable<string> arguments)
    {
        using var timeout = new CancellationTokenSource(Timeout);
        return await RepositoryTools.Helm.RunAsync(arguments, timeout.Token);
    }
}
