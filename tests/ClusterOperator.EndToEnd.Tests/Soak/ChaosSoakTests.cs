using System.Diagnostics;
using System.Text.Json;

namespace ClusterOperator.EndToEnd.Tests.Soak;

/// <summary>
/// The CI version of the chaos soak: <c>clusteroperator soak</c> as a user runs it, shorter. Faults, operator
/// restarts and leader failovers must really have happened, and no check may be violated.
/// </summary>
public sealed class ChaosSoakTests
{
    [Fact]
    public async Task Short_chaos_soak_loses_nothing_and_binds_nothing_twice()
    {
        var json = Path.Combine(Path.GetTempPath(), $"soak-{Guid.NewGuid():N}.json");
        var (exitCode, output) = await RunSoakAsync("--runs", "60", "--minutes", "1.25", "--seed", "7", "--json", json);
        using var summary = JsonDocument.Parse(await File.ReadAllTextAsync(json));
        File.Delete(json);
        var root = summary.RootElement;

        var details = string.Join(Environment.NewLine, root.GetProperty("violationDetails").EnumerateArray().Select(d => d.GetString()));
        Assert.True(root.GetProperty("violations").GetInt32() == 0, $"violations:{Environment.NewLine}{details}{Environment.NewLine}{output}");
        Assert.Equal(0, exitCode);
        Assert.Equal(60, root.GetProperty("runs").GetInt32());
        Assert.True(root.GetProperty("faults").GetInt64() > 0, output);
        Assert.True(root.GetProperty("operatorRestarts").GetInt32() > 0, output);
        Assert.True(root.GetProperty("failovers").GetInt32() > 0, output);
        Assert.True(root.TryGetProperty("p99WithinShareWaitSeconds", out _));
    }

    private static async Task<(int ExitCode, string Output)> RunSoakAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { Path.Combine(AppContext.BaseDirectory, "clusteroperator.dll"), "soak" }.Concat(arguments))
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start clusteroperator soak");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            // The soak hung: end it with its operator replicas, and fail with what it printed.
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        return (process.ExitCode, await stdout + await stderr);
    }
}
