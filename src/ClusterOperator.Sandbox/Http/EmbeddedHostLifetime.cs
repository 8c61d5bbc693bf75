using Microsoft.Extensions.Hosting;

namespace ClusterOperator.Sandbox.Http;

/// <summary>
/// For a web host that is a component of a larger program, like the sandbox's API server or the operator's probe
/// server: it must not take over Ctrl-C or SIGTERM the way the default console lifetime does, which swallows the
/// signal, so the command's own cancellation never fires and the process ignores it. Its owner stops it instead.
/// </summary>
public sealed class EmbeddedHostLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
