using Microsoft.Extensions.Hosting;

namespace ClusterOperator.Sandbox.Http;

/// <summary>
/// The sandbox is a component of a larger program: it must not take over Ctrl-C or SIGTERM handling the way
/// the default console lifetime does. Its owner stops it by disposing the <see cref="SandboxHost"/>.
/// </summary>
internal sealed class EmbeddedHostLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
