using ClusterOperator.Simulation.Reports;
using Spectre.Console;

namespace ClusterOperator.Simulation.Replay;

/// <summary>The replay verb's terminal side: progress while it runs, then the table and the skipped rows.</summary>
public static class ReplayConsole
{
    public static async Task<ReplayResult> RunAsync(ReplayRequest request, IAnsiConsole console, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(console);
        var result = await ReplayProgressView.RunAsync(
            console,
            [.. request.Policies.Select(p => p.Name)],
            progress => ReplayRunner.RunAsync(request, progress, cancellationToken));
        ReplayTable.Write(console, result);
        return result;
    }
}
