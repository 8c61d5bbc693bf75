using System.Diagnostics;

namespace ClusterOperator.EndToEnd.Tests.Support;

/// <summary>
/// Finds kubectl and helm (the repository's .tools/bin first, then PATH) and runs them. When a tool is in
/// neither place, the repository's installer fetches both, once.
/// </summary>
public static class CliTools
{
    private static readonly SemaphoreSlim InstallGate = new(1, 1);

    public static async Task<string> LocateAsync(string tool)
    {
        var local = RepositoryPaths.Combine(".tools", "bin", tool);
        if (File.Exists(local))
        {
            return local;
        }

        var onPath = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, tool))
            .FirstOrDefault(File.Exists);
        if (onPath is not null)
        {
            return onPath;
        }

        await InstallGate.WaitAsync();
        try
        {
            if (!File.Exists(local))
            {
                (await RunAsync("bash", [RepositoryPaths.Combine("tools", "install-tools.sh")], new Dictionary<string, string>(),
                    TimeSpan.FromMinutes(5))).EnsureSuccess();
            }
        }
        finally
        {
            InstallGate.Release();
        }

        return local;
    }

    public static async Task<CommandResult> RunAsync(string executable, IReadOnlyList<string> arguments,
        IReadOnlyDictionary<string, string> environment, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = RepositoryPaths.Root,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {executable}");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{executable} {string.Join(' ', arguments)} did not finish within {timeout}");
        }

        return new CommandResult($"{Path.GetFileName(executable)} {string.Join(' ', arguments)}", process.ExitCode, await output,
            await error);
    }
}
