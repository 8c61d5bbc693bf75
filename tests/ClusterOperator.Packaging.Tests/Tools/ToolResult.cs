namespace ClusterOperator.Packaging.Tests.Tools;

/// <summary>How a command-line tool exited and what it printed.</summary>
internal sealed record ToolResult(string CommandLine, int ExitCode, string StandardOutput, string StandardError)
{
    public bool Succeeded => ExitCode == 0;

    /// <summary>Everything the tool printed, for assertion messages.</summary>
    public string Describe() =>
        $"`{CommandLine}` exited {ExitCode}.\n--- stdout ---\n{StandardOutput}\n--- stderr ---\n{StandardError}";

    public ToolResult EnsureSuccess() =>
        Succeeded ? this : throw new InvalidOperationException(Describe());
}
