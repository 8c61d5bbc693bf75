using ClusterOperator.Sandbox.Tests.Support;
using k8s;
using Microsoft.Extensions.Time.Testing;

namespace ClusterOperator.Sandbox.Tests.Integration;

/// <summary>The kubelet runs on the injected TimeProvider, so hours of simulated work take no wall time.</summary>
public sealed class SimulatedClockTests
{
    [Fact]
    public async Task A_pod_with_an_hour_of_run_seconds_finishes_when_the_clock_advances_an_hour()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero));
        await using var host = new SandboxHost(new SandboxOptions { Nodes = 1, KubeconfigPath = null }, clock);
        await host.StartAsync();
        using var client = SandboxFixture.NewClient(host);
        await client.CoreV1.CreateNamespacedPodAsync(Pods.Pod("long", runSeconds: 3600, node: "node-0"), "default");

        await Eventually.IsTrueAsync(async () =>
        {
            clock.Advance(TimeSpan.FromMilliseconds(600));
            return (await client.CoreV1.ReadNamespacedPodAsync("long", "default")).Status.Phase == "Running";
        }, "the pod to start");
        var running = await client.CoreV1.ReadNamespacedPodAsync("long", "default");
        clock.Advance(TimeSpan.FromMinutes(59));
        await Task.Delay(200);
        Assert.Equal("Running", (await client.CoreV1.ReadNamespacedPodAsync("long", "default")).Status.Phase);

        clock.Advance(TimeSpan.FromMinutes(1));
        var done = await Eventually.ReturnsAsync(() => client.CoreV1.ReadNamespacedPodAsync("long", "default"),
            pod => pod.Status.Phase == "Succeeded", "the pod to succeed");

        var terminated = done.Status.ContainerStatuses.Single().State.Terminated;
        // Kubernetes timestamps keep whole seconds, so an hour measured between two of them may read one second more.
        var ran = terminated.FinishedAt!.Value - running.Status.ContainerStatuses.Single().State.Running.StartedAt!.Value;
        Assert.InRange(ran.TotalSeconds, 3600, 3601);
    }
}
