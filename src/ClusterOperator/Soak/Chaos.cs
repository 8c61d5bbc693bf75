using ClusterOperator.Sandbox;

namespace ClusterOperator.Soak;

/// <summary>
/// Injects the process and node faults of the soak from a seeded generator. Every 10 to 25 seconds it SIGKILLs an
/// operator replica (a random one, or on purpose the leader, always the leader the first time) and starts it
/// again one to three seconds later; independently, every 10 to 25 seconds it takes one node NotReady for 3 to 10
/// seconds. A kill waits until every replica is ready (its informers synced), so a standby can always take over:
/// on a busy machine a restarted replica can take 20 seconds to sync, and killing faster than that would measure
/// the machine, not the operator. API errors and closed watches come from the sandbox's own fault injection.
/// </summary>
internal sealed class Chaos(SandboxHost sandbox, IReadOnlyList<OperatorReplica> replicas, SoakClient client, int seed, TimeProvider time)
{
    private readonly Lock _gate = new();
    private readonly List<OperatorKill> _kills = [];
    private readonly List<NodeOutage> _outages = [];
    private readonly List<string> _crashes = [];

    /// <summary>Replicas that ended without being killed, each restarted; any is a violation.</summary>
    public IReadOnlyList<string> Crashes
    {
        get
        {
            lock (_gate)
            {
                return [.. _crashes];
            }
        }
    }

    public IReadOnlyList<OperatorKill> Kills
    {
        get
        {
            lock (_gate)
            {
                return [.. _kills];
            }
        }
    }

    public IReadOnlyList<NodeOutage> Outages
    {
        get
        {
            lock (_gate)
            {
                return [.. _outages];
            }
        }
    }

    /// <summary>Runs both fault loops until <paramref name="ct"/> is cancelled; leaves every replica running and every node ready.</summary>
    public async Task RunAsync(CancellationToken ct)
    {
        await Task.WhenAll(KillLoopAsync(new Random(seed), ct), NodeLoopAsync(new Random(seed + 1), ct));
    }

    private async Task KillLoopAsync(Random random, CancellationToken ct)
    {
        while (await PauseAsync(TimeSpan.FromSeconds(10 + random.NextDouble() * 15), ct))
        {
            RestartCrashed();
            if (!await AllReadyAsync(ct))
            {
                break;
            }

            var leader = await LeaderAsync(ct);
            // The first kill is always the leader's, so even a short soak has a failover.
            var victim = (Kills.Count == 0 || random.NextDouble() < 0.4) && leader is not null ? leader : replicas[random.Next(replicas.Count)];
            if (!victim.IsRunning || victim.Identity is not { } identity)
            {
                continue;
            }

            victim.Kill();
            lock (_gate)
            {
                _kills.Add(new OperatorKill(time.GetUtcNow(), identity, leader is null || ReferenceEquals(victim, leader)));
            }

            // The restart delay is not cut short by the end of the soak: a killed replica always comes back.
            await Task.Delay(TimeSpan.FromSeconds(1 + random.NextDouble() * 2), CancellationToken.None);
            victim.Start();
        }

        RestartCrashed();
    }

    private void RestartCrashed()
    {
        foreach (var replica in replicas.Where(r => r.Crash is not null))
        {
            lock (_gate)
            {
                _crashes.Add(replica.Crash!);
            }

            replica.Start();
        }
    }

    private async Task NodeLoopAsync(Random random, CancellationToken ct)
    {
        var nodes = sandbox.NodeNames;
        while (await PauseAsync(TimeSpan.FromSeconds(10 + random.NextDouble() * 15), ct))
        {
            var node = nodes[random.Next(nodes.Count)];
            var outage = new NodeOutage(node, time.GetUtcNow(), null);
            sandbox.SetNodeReady(node, false);
            lock (_gate)
            {
                _outages.Add(outage);
            }

            await Task.Delay(TimeSpan.FromSeconds(3 + random.NextDouble() * 7), CancellationToken.None);
            sandbox.SetNodeReady(node, true);
            lock (_gate)
            {
                _outages[_outages.IndexOf(outage)] = outage with { To = time.GetUtcNow() };
            }
        }
    }

    private async Task<bool> AllReadyAsync(CancellationToken ct)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        while (!ct.IsCancellationRequested)
        {
            var ready = true;
            foreach (var replica in replicas)
            {
                ready &= await replica.IsReadyAsync(http, ct);
            }

            if (ready)
            {
                return true;
            }

            RestartCrashed();
            await PauseAsync(TimeSpan.FromMilliseconds(500), ct);
        }

        return false;
    }

    private async Task<OperatorReplica?> LeaderAsync(CancellationToken ct)
    {
        try
        {
            var holder = await client.LeaseHolderAsync(ct);
            return replicas.FirstOrDefault(r => r.Identity is not null && r.Identity == holder);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            return null;
        }
    }

    private static async Task<bool> PauseAsync(TimeSpan delay, CancellationToken ct)
    {
        try
        {
            await Task.Delay(delay, ct);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
