using System.Collections.Concurrent;
using System.Diagnostics;

namespace ClusterOperator.Packaging.Tests.Tools;

/// <summary>
/// A real command-line tool the tests drive. It is looked up in the repository's <c>.tools/bin</c> first, then on
/// PATH; when missing, the repository's installer script for it runs once, and a test fails with a clear message
/// if the tool is still not there.
/// </summary>
internal sealed class ExternalTool
{
    private static readonly ConcurrentDictionary<string, Lazy<ExternalTool>> Located = new(StringComparer.Ordinal);

    private ExternalTool(string path) => FilePath = path;

    public string FilePath { get; }

    /// <summary>A program at a known path, such as one a test just built.</summary>
    public static ExternalTool At(string path) => new(path);

    /// <summary>Finds <paramref name="name"/>, running <paramref name="installer"/> (relative to the repository) if needed.</summary>
    public static ExternalTool Locate(string name, string? installer) =>
        Located.GetOrAdd(name, _ => new Lazy<ExternalTool>(() => FindOrInstall(name, installer))).Value;

    public async Task<ToolResult> RunAsync(
        IEnumerable<string> arguments,
        CancellationToken cancellationToken,
        string? workingDirectory = null,
        IReadOnlyDictionary<string, string?>? environment = null)
    {
        var start = new ProcessStartInfo(FilePath)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? RepositoryPaths.Root,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string?>())
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)
            ?? throw new InvalidOperationException($"Could not start {FilePath}.");
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        try
        {
            await process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        var commandLine = string.Join(' ', [Path.GetFileName(FilePath), .. start.ArgumentList]);
        return new ToolResult(commandLine, process.ExitCode, await output, await error);
    }

    private static ExternalTool FindOrInstall(string name, string? installer)
    {
        if (Find(name) is { } found)
        {
            return new ExternalTool(found);
        }

        if (installer is null)
        {
            throw new InvalidOperationException($"{name} was found neither in {RepositoryPaths.Combine(".tools", "bin")} nor on PATH.");
        }

        var script = RepositoryPaths.Combine(installer);
        if (File.Exists(script))
        {
            using var install = Process.Start(new ProcessStartInfo("bash", [script]) { UseShellExecute = false })
                ?? throw new InvalidOperationException($"Could not start {installer}.");
            install.WaitForExit();
        }

        return Find(name) is { } installed
            ? new ExternalTool(installed)
            : throw new InvalidOperationException(
                $"{name} was found neither in {RepositoryPaths.Combine(".tools", "bin")} nor on PATH, " +
                $"and `bash {installer}` did not install it. Run that script and look at its output.");
    }

    private static string? Find(string name)
    {
        var directories = new List<string> { RepositoryPaths.Combine(".tools", "bin") };
        directories.AddRange((Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries));
        return directories.Select(d => Path.Combine(d, name)).FirstOrDefault(File.Exists);
    }
}
