using System.Globalization;

namespace ClusterOperator.Soak;

/// <summary>
/// The within-share wait bound held (defined in <see cref="SoakSettings"/>): decides for each run whether it was
/// within share at its creation, and measures its wait until its start pods were all live at once (for an idea:
/// until every variant had been bound).
/// </summary>
internal static class WaitBoundCheck
{
    public static WaitBoundResult Find(SoakHistory history, IReadOnlyList<PlannedRun> plan, int nodes, int gpusPerNode,
        IReadOnlyList<NodeOutage> outages, IReadOnlyList<OperatorKill> kills, DateTimeOffset end)
    {
        var byName = plan.ToDictionary(r => r.Name, StringComparer.Ordinal);
        var started = Starts(history, byName);
        var withinShare = new List<PlannedRun>();
        var split = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var run in plan.Where(r => history.Created.ContainsKey(r.Name)))
        {
            var created = history.Created[run.Name];
            var until = started.TryGetValue(run.Name, out var startedAt) ? startedAt : end;
            // Everything the owner may hold meanwhile: its unfinished runs at full size, elastic ones at their maximum.
            var demand = plan.Where(r => r.Owner == run.Owner && r.Name != run.Name
                    && history.Created.TryGetValue(r.Name, out var c) && c <= created
                    && !(history.Finished.TryGetValue(r.Name, out var f) && f <= created))
                .Sum(r => r.Pods * r.GpusPerPod);
            // Nodes down at any moment of the wait shrink the split; the soak takes at most one down at a time.
            var down = outages.Any(o => Overlaps(o, created, until, end)) ? 1 : 0;
            var share = (double)(nodes - down) * gpusPerNode / WorkloadPlan.Owners.Count;
            if (demand + run.StartGpus <= share)
            {
                withinShare.Add(run);
                split[run.Name] = share;
            }
        }

        var violations = new List<string>();
        var waits = new List<double>();
        foreach (var run in withinShare)
        {
            var created = history.Created[run.Name];
            var startedAt = started.TryGetValue(run.Name, out var s) ? s : (DateTimeOffset?)null;
            var until = startedAt ?? end;
            var leaderKills = kills.Count(k => k.WasLeader && k.Time >= created && k.Time < until);
            var outage = outages.Where(o => Overlaps(o, created, until, end))
                .Select(o => ((o.To ?? end) < until ? (o.To ?? end) : until) - (o.From > created ? o.From : created) + SoakSettings.NodeLostAfter)
                .Aggregate(TimeSpan.Zero, (sum, t) => sum + t);
            var bound = SoakSettings.WithinShareWaitBound(leaderKills) + outage;
            var wait = until - created;
            if (startedAt is not null)
            {
                waits.Add(wait.TotalSeconds);
            }

            if (wait > bound)
            {
                violations.Add(string.Create(CultureInfo.InvariantCulture,
                    $"within-share wait exceeded: {run.Name} ({TerminalPhaseCheck.Describe(run)}) created {created:HH:mm:ss.fff} within its owner's split of {split[run.Name]:0.#} GPUs "
                    + $"{(startedAt is null ? "never started" : $"started after {wait.TotalSeconds:0.0}s")}, bound {bound.TotalSeconds:0}s "
                    + $"({leaderKills} leader kills, {outage.TotalSeconds:0}s of node outage allowance meanwhile)"));
            }
        }

        return new WaitBoundResult(violations, waits, withinShare.Count);
    }

    /// <summary>When each run first had its start pods live at once (gangs, elastic) or every variant bound (ideas).</summary>
    private static Dictionary<string, DateTimeOffset> Starts(SoakHistory history, Dictionary<string, PlannedRun> plan)
    {
        var starts = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        var live = new Dictionary<string, PodChange>(StringComparer.Ordinal);
        var everBound = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var change in history.PodChanges)
        {
            live.Remove(change.Name);
            if (!change.IsLive || change.Workload is not { } workload || !plan.TryGetValue(workload, out var run) || starts.ContainsKey(workload))
            {
                continue;
            }

            live[change.Name] = change;
            var slots = run.Kind == RunKind.Idea
                ? Add(everBound, workload, change.Slot).Count
                : live.Values.Where(p => p.Workload == workload && p.Attempt == change.Attempt).Select(p => p.Slot).Distinct().Count();
            if (slots >= run.MinPods)
            {
                starts[workload] = change.Time;
            }
        }

        return starts;
    }

    private static bool Overlaps(NodeOutage outage, DateTimeOffset from, DateTimeOffset until, DateTimeOffset end) =>
        outage.From < until && (outage.To ?? end) > from;

    private static HashSet<string> Add(Dictionary<string, HashSet<string>> sets, string key, string? value)
    {
        if (!sets.TryGetValue(key, out var set))
        {
            sets[key] = set = new HashSet<string>(StringComparer.Ordinal);
        }

        set.Add(value ?? string.Empty);
        return set;
    }
}
