using ClusterOperator.Runtime.Leadership;
using ClusterOperator.Runtime.Metrics;
using ClusterOperator.Runtime.Resilience;
using ClusterOperator.Runtime.Tests.Support;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;

namespace ClusterOperator.Runtime.Tests.Integration;

/// <summary>Two replicas campaigning for one Lease over HTTP, with short durations to keep the tests quick.</summary>
public sealed class LeaderElectionIntegrationTests : IAsyncLifetime
{
    private FakeApiServer _server = null!;
    private readonly List<(LeaderElectionService Elector, Kubernetes Client, CancellationTokenSource Stop, Task Run)> _replicas = [];

    public async Task InitializeAsync() => _server = await FakeApiServer.StartAsync();

    public async Task DisposeAsync()
    {
        foreach (var replica in _replicas)
        {
            await StopAsync(replica.Elector);
            replica.Elector.Dispose();
            replica.Client.Dispose();
            replica.Stop.Dispose();
        }

        await _server.DisposeAsync();
    }

    [Fact]
    public async Task Leader_cut_off_from_the_API_stops_writing_before_anyone_else_may_lead()
    {
        var a = Start("replica-a");
        var b = Start("replica-b");
        var leader = await WaitForSingleLeaderAsync(a, b);
        var follower = leader == a ? b : a;
        var term = leader.Token;

        _server.BlockedLeaseHolders.Add(leader.Identity);

        // Sampled throughout: the old leader must have let go before the new one starts.
        var watch = AssertNeverTwoLeadersAsync(a, b, TimeSpan.FromSeconds(8));
        await Eventually.True(() => term.IsCancellationRequested, TimeSpan.FromSeconds(5), "the cut-off leader steps down");
        Assert.False(leader.IsLeader);
        await Eventually.True(() => follower.IsLeader, TimeSpan.FromSeconds(10), "the other replica takes over");
        await watch;
    }

    [Fact]
    public async Task Follower_refuses_writes_and_leader_writes_through_the_gate()
    {
        var a = Start("replica-a");
        var b = Start("replica-b");
        var leader = await WaitForSingleLeaderAsync(a, b);
        var follower = leader == a ? b : a;
        using var metrics = new RuntimeMetrics();
        using var client = _server.CreateClient();
        var configMap = new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "written", NamespaceProperty = "default" } };

        var followerApi = new ResilientApi(follower, new ResilienceOptions(), metrics, TimeProvider.System, NullLogger<ResilientApi>.Instance);
        await Assert.ThrowsAsync<NotLeaderException>(() => followerApi.WriteAsync("create", ct => client.CoreV1.CreateNamespacedConfigMapAsync(configMap, "default", cancellationToken: ct), CancellationToken.None));

        var leaderApi = new ResilientApi(leader, new ResilienceOptions(), metrics, TimeProvider.System, NullLogger<ResilientApi>.Instance);
        await leaderApi.WriteAsync("create", ct => client.CoreV1.CreateNamespacedConfigMapAsync(configMap, "default", cancellationToken: ct), CancellationToken.None);
        Assert.NotNull(_server.Get<V1ConfigMap>("configmaps", "default", "written"));
    }

    [Fact]
    public async Task Leader_only_work_runs_in_each_term_and_stops_with_it()
    {
        var a = Start("replica-a");
        var runs = 0;
        using var stop = new CancellationTokenSource();
        var work = a.RunWhileLeaderAsync(async term =>
        {
            Interlocked.Increment(ref runs);
            await Task.Delay(Timeout.InfiniteTimeSpan, term);
        }, stop.Token);

        await Eventually.True(() => runs == 1);
        _server.BlockedLeaseHolders.Add(a.Identity);
        await Eventually.True(() => !a.IsLeader, TimeSpan.FromSeconds(5));
        _server.BlockedLeaseHolders.Remove(a.Identity);
        await Eventually.True(() => runs == 2, TimeSpan.FromSeconds(10), "the work restarts when leadership returns");

        await stop.CancelAsync();
        await work.WaitAsync(TimeSpan.FromSeconds(5));
    }

    private static async Task<LeaderElectionService> WaitForSingleLeaderAsync(LeaderElectionService a, LeaderElectionService b)
    {
        await Eventually.True(() => a.IsLeader || b.IsLeader, TimeSpan.FromSeconds(10), "someone leads");
        return a.IsLeader ? a : b;
    }

    private static async Task AssertNeverTwoLeadersAsync(LeaderElectionService a, LeaderElectionService b, TimeSpan duration)
    {
        var end = DateTime.UtcNow + duration;
        while (DateTime.UtcNow < end)
        {
            Assert.False(a.IsLeader && b.IsLeader, "two replicas lead at once");
            await Task.Delay(10);
        }
    }

    private LeaderElectionService Start(string identity)
    {
        var client = _server.CreateClient();
        var elector = new LeaderElectionService(
            client,
            new LeaderElectionOptions
            {
                Namespace = "default",
                LeaseName = "operator-leader",
                Identity = identity,
                LeaseDuration = TimeSpan.FromSeconds(3),
                RenewDeadline = TimeSpan.FromSeconds(2),
                RetryPeriod = TimeSpan.FromMilliseconds(500),
            },
            TimeProvider.System,
            NullLogger<LeaderElectionService>.Instance);
        var stop = new CancellationTokenSource();
        _replicas.Add((elector, client, stop, elector.RunAsync(stop.Token)));
        return elector;
    }

    private async Task StopAsync(LeaderElectionService elector)
    {
        var replica = _replicas.Single(r => r.Elector == elector);
        await replica.Stop.CancelAsync();
        await replica.Run.WaitAsync(TimeSpan.FromSeconds(10));
    }
}
