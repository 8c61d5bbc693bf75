using System.Globalization;
using ClusterOperator.Api.Schema;
using ClusterOperator.Configuration;
using ClusterOperator.Sandbox;

namespace ClusterOperator.Soak;

/// <summary>
/// The chaos soak of issue #9: a sandbox in this process (so it can fail nodes and keep the full history), two
/// operator replicas with leader election as child processes, a seeded workload, and faults throughout — API
/// errors, closed watches, 410s from a short history, NotReady nodes, SIGKILLed replicas and leaders. At the end
/// the operators are stopped and the API server's own history is checked.
/// </summary>
internal static class SoakEngine
{
    private static readonly string[] Terminal = ["Succeeded", "Failed", "TimedOut"];
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(5);

    public static async Task<SoakSummary> RunAsync(SoakOptions options, TextWriter progress, CancellationToken ct)
    {
        var plan = WorkloadPlan.Create(options.Seed, options.Runs, options.ArrivalSeconds);
        var directory = Directory.CreateTempSubdirectory("clusteroperator-soak-");
        var sandboxOptions = new SandboxOptions
        {
            Nodes = options.Nodes,
            GpusPerNode = options.GpusPerNode,
            KubeconfigPath = Path.Combine(directory.FullName, "kubeconfig"),
            FaultRate = options.FaultRate,
            FaultSeed = options.Seed,
            WatchMaxSeconds = options.WatchMaxSeconds,
            History = options.History,
            RecordEventLog = true,
            PodStartupDelay = TimeSpan.FromMilliseconds(200),
        };
        sandboxOptions.CustomResourceDefinitions.Add(CrdGenerator.GenerateYaml());
        await using var sandbox = new SandboxHost(sandboxOptions);
        await sandbox.StartAsync(ct);
        using var kubernetes = ClientFactory.Create(sandbox.KubeconfigPath);
        var client = new SoakClient(kubernetes);
        var arguments = SoakSettings.OperatorArguments(sandbox.KubeconfigPath!);
        using var a = new OperatorReplica("a", arguments, Path.Combine(directory.FullName, "replica-a.log"));
        using var b = new OperatorReplica("b", arguments, Path.Combine(directory.FullName, "replica-b.log"));
        OperatorReplica[] replicas = [a, b];
        a.Start();
        b.Start();
        await WaitForLeaderAsync(client, ct);
        await progress.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"soak: {plan.Count} runs over {options.ArrivalSeconds:0}s on {options.Nodes} nodes x {options.GpusPerNode} GPUs, faults for {options.Duration.TotalSeconds:0}s, seed {options.Seed}; logs in {directory.FullName}"));

        var chaos = new Chaos(sandbox, replicas, client, options.Seed, TimeProvider.System);
        var started = TimeProvider.System.GetUtcNow();
        using (var stopChaos = CancellationTokenSource.CreateLinkedTokenSource(ct))
        {
            var chaosRunning = chaos.RunAsync(stopChaos.Token);
            try
            {
                await SubmitAsync(client, plan, started, ct);
                await WaitForTerminalAsync(client, plan, started + options.Duration, progress, ct);
            }
            finally
            {
                // Also when cancelled: chaos restarts what it killed, so it must end before the replicas are disposed.
                await stopChaos.CancelAsync();
                await chaosRunning;
            }
        }

        await progress.WriteLineAsync("soak: faults stopped; draining");
        sandbox.Faults.Rate = 0;
        var allTerminal = await WaitForTerminalAsync(client, plan, TimeProvider.System.GetUtcNow() + options.DrainLimit, progress, ct);
        if (allTerminal)
        {
            // The last pods finish and the statuses catch up; the check then reads a quiet cluster.
            await Task.Delay(Settle, ct);
        }

        var crashes = chaos.Crashes.Concat(replicas.Select(r => r.Crash).OfType<string>()).Select(c => "operator crashed: " + c).ToList();
        foreach (var replica in replicas)
        {
            replica.Kill();
        }

        var end = TimeProvider.System.GetUtcNow();
        var events = sandbox.EventLog();
        var history = SoakHistory.Read(events);
        var waits = WaitBoundCheck.Find(history, plan, options.Nodes, options.GpusPerNode, chaos.Outages, chaos.Kills, end);
        List<string> violations =
        [
            .. TerminalPhaseCheck.Find(history, plan),
            .. CapacityCheck.Find(history, options.GpusPerNode),
            .. DoubleBindCheck.Find(history),
            .. OrphanPodCheck.Find(history),
            .. StatusCheck.Find(history, plan),
            .. waits.Violations,
            .. crashes,
        ];
        await progress.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"soak: {sandbox.Faults.InjectedErrors} API errors injected, {sandbox.Faults.WatchesClosed} watches closed, {chaos.Outages.Count} node outages, "
            + $"{chaos.Kills.Count} SIGKILLs ({chaos.Kills.Count(k => k.WasLeader)} of the leader), {waits.WithinShare} runs within share at creation"));
        if (violations.Count == 0)
        {
            directory.Delete(recursive: true);
        }
        else
        {
            await HistoryFile.WriteAsync(Path.Combine(directory.FullName, "history.jsonl"), events, ct);
            await progress.WriteLineAsync($"soak: violations found; operator logs and the API server's history kept in {directory.FullName}");
        }

        return new SoakSummary(
            plan.Count,
            sandbox.Faults.InjectedErrors + sandbox.Faults.WatchesClosed + chaos.Outages.Count,
            chaos.Kills.Count,
            Math.Max(0, history.LeaseHolders.Count - 1),
            violations.Count,
            violations,
            SoakSummary.Percentile(waits.WithinShareWaits, 0.99));
    }

    private static async Task SubmitAsync(SoakClient client, IReadOnlyList<PlannedRun> plan, DateTimeOffset started, CancellationToken ct)
    {
        foreach (var run in plan)
        {
            var due = started + TimeSpan.FromSeconds(run.ArrivalSeconds) - TimeProvider.System.GetUtcNow();
            if (due > TimeSpan.Zero)
            {
                await Task.Delay(due, ct);
            }

            await client.CreateAsync(run, ct);
        }
    }

    /// <summary>Polls until every planned run is terminal (true) or the deadline passes (false).</summary>
    private static async Task<bool> WaitForTerminalAsync(SoakClient client, IReadOnlyList<PlannedRun> plan, DateTimeOffset deadline, TextWriter progress, CancellationToken ct)
    {
        var lastReport = TimeProvider.System.GetUtcNow();
        while (true)
        {
            var phases = await client.PhasesAsync(ct);
            var done = plan.Count(r => phases.TryGetValue(r.Name, out var phase) && Terminal.Contains(phase));
            if (done == plan.Count)
            {
                return true;
            }

            var now = TimeProvider.System.GetUtcNow();
            if (now >= deadline)
            {
                return false;
            }

            if (now - lastReport >= TimeSpan.FromSeconds(30))
            {
                lastReport = now;
                await progress.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"soak: {done} of {plan.Count} runs finished"));
            }

            await Task.Delay(TimeSpan.FromSeconds(1), ct);
        }
    }

    private static async Task WaitForLeaderAsync(SoakClient client, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromMinutes(2));
        while (await client.LeaseHolderAsync(timeout.Token) is null)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(200), timeout.Token);
        }
    }
}
