namespace ClusterOperator.EndToEnd.Tests.Support;

/// <summary>What a finished command printed and returned.</summary>
public sealed record CommandResult(string Command, int ExitCode, string Output, string Error)
{
    public CommandResult EnsureSuccess() =>
        ExitCode == 0
            ? this
            : throw new InvalidOperationException($"`{Command}` exited {ExitCode}\nstdout:\n{Output}\nstderr:\n{Error}");
}
