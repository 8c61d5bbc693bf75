using System.Diagnostics;
using System.Globalization;
using ClusterOperator.Runtime.Leadership;
using ClusterOperator.Runtime.Metrics;
using ClusterOperator.Runtime.Resilience;
using ClusterOperator.Runtime.Tests.Support;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;

namespace ClusterOperator.Runtime.Tests.Sandbox;

/// <summary>Leader election and conflicting writers against the sandbox API server, with short lease timings.</summary>
public sealed class SandboxLeaderElectionTests : IAsyncLifetime
{
    private static readonly TimeSpan LeaseDuration = TimeSpan.FromSeconds(3);
    private readonly List<(LeaderElectionService Elector, CancellationTokenSource Stop, Task Run)> _replicas = [];
    private SandboxCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await SandboxCluster.StartAsync();

    public async Task DisposeAsync()
    {
        foreach (var replica in _replicas)
        {
            await StopAsync(replica.Elector);
            replica.Elector.Dispose();
            replica.Stop.Dispose();
        }

        await _cluster.DisposeAsync();
    }

    [Fact]
    public async Task Exactly_one_of_two_operators_leads_and_the_other_takes_over_when_the_leader_stops()
    {
        var a = Start("operator-a", releaseOnShutdown: true);
        var b = Start("operator-b", releaseOnShutdown: true);
        var leader = await WaitForSingleLeaderAsync(a, b);
        var follower = leader == a ? b : a;

        var end = DateTime.UtcNow + TimeSpan.FromSeconds(2);
        while (DateTime.UtcNow < end)
        {
            Assert.False(a.IsLeader && b.IsLeader, "two operators lead at once");
            await Task.Delay(10);
        }

        await StopAsync(leader);

        await Eventually.True(() => follower.IsLeader, LeaseDuration, "a released lease is taken at the follower's next retry");
        var lease = await _cluster.Client.CoordinationV1.ReadNamespacedLeaseAsync("operator-leader", "default");
        Assert.Equal(follower.Identity, lease.Spec.HolderIdentity);
    }

    [Fact]
    public async Task When_the_leader_dies_the_other_takes_over_within_the_lease_duration()
    {
        var a = Start("operator-a", releaseOnShutdown: false);
        var b = Start("operator-b", releaseOnShutdown: false);
        var leader = await WaitForSingleLeaderAsync(a, b);
        var follower = leader == a ? b : a;

        var died = Stopwatch.StartNew();
        await StopAsync(leader);

        // The follower may take the lease once it has seen no renewal for a lease duration; it checks every
        // retry period (jittered), so allow one lease duration plus a few retries.
        await Eventually.True(() => follower.IsLeader, LeaseDuration * 2, "the follower takes over");
        Assert.True(died.Elapsed >= LeaseDuration - TimeSpan.FromSeconds(1), $"took over after {died.Elapsed}, before the lease could expire");
    }

    [Fact]
    public async Task Two_writers_racing_on_one_object_lose_no_update()
    {
        await _cluster.Client.CoreV1.CreateNamespacedConfigMapAsync(
            new V1ConfigMap { Metadata = new() { Name = "counter" }, Data = new Dictionary<string, string> { ["n"] = "0" } }, "default");
        using var metrics = new RuntimeMetrics();
        using var recorder = new MetricRecorder(metrics.Meter);
        var api = new ResilientApi(OpenWriteGate.Instance, new ResilienceOptions(), metrics, TimeProvider.System, NullLogger<ResilientApi>.Instance);

        await Task.WhenAll(IncrementAsync(api, _cluster.NewClient(), 25), IncrementAsync(api, _cluster.NewClient(), 25));

        var counter = await _cluster.Client.CoreV1.ReadNamespacedConfigMapAsync("counter", "default");
        Assert.Equal("50", counter.Data["n"]);
        Assert.True(recorder.Sum(RuntimeMetrics.ApiRetriesName, ("verb", "update"), ("code", "409")) > 0, "the writers did race");
    }

    private static async Task IncrementAsync(ResilientApi api, Kubernetes client, int times)
    {
        for (var i = 0; i < times; i++)
        {
            await api.UpdateWithRetryAsync(
                ct => client.CoreV1.ReadNamespacedConfigMapAsync("counter", "default", cancellationToken: ct),
                cm =>
                {
                    cm.Data["n"] = (int.Parse(cm.Data["n"], CultureInfo.InvariantCulture) + 1).ToString(CultureInfo.InvariantCulture);
                    return true;
                },
                (cm, ct) => client.CoreV1.ReplaceNamespacedConfigMapAsync(cm, "counter", "default", cancellationToken: ct),
                CancellationToken.None);
        }
    }

    private static async Task<LeaderElectionService> WaitForSingleLeaderAsync(LeaderElectionService a, LeaderElectionService b)
    {
        await Eventually.True(() => a.IsLeader || b.IsLeader, TimeSpan.FromSeconds(10), "someone leads");
        return a.IsLeader ? a : b;
    }

    private LeaderElectionService Start(string identity, bool releaseOnShutdown)
    {
        var elector = new LeaderElectionService(
            _cluster.NewClient(),
            new LeaderElectionOptions
            {
                Namespace = "default",
                LeaseName = "operator-leader",
                Identity = identity,
                LeaseDuration = LeaseDuration,
                RenewDeadline = TimeSpan.FromSeconds(2),
                RetryPeriod = TimeSpan.FromMilliseconds(500),
                ReleaseOnShutdown = releaseOnShutdown,
            },
            TimeProvider.System,
            NullLogger<LeaderElectionService>.Instance);
        var stop = new CancellationTokenSource();
        _replicas.Add((elector, stop, elector.RunAsync(stop.Token)));
        return elector;
    }

    private async Task StopAsync(LeaderElectionService elector)
    {
        var replica = _replicas.Single(r => r.Elector == elector);
        await replica.Stop.CancelAsync();
        await replica.Run.WaitAsync(TimeSpan.FromSeconds(10));
    }
}
