using ClusterOperator.EndToEnd.Tests.Support;

namespace ClusterOperator.EndToEnd.Tests;

/// <summary>How the main job stops: the kubelet sends SIGTERM, a user presses Ctrl-C.</summary>
public sealed class ShutdownTests : IAsyncLifetime
{
    private readonly OperatorSandboxProcess _sandbox = new();

    public Task InitializeAsync() => _sandbox.InitializeAsync();

    public Task DisposeAsync() => _sandbox.DisposeAsync();

    [Fact]
    public async Task Sigterm_stops_the_sandbox_and_its_operator_cleanly_and_promptly()
    {
        Assert.Equal(0, await _sandbox.TerminateAsync(TimeSpan.FromSeconds(20)));
    }
}
