using ClusterOperator.Api.Model;
using ClusterOperator.Scheduler;
using ClusterOperator.Scheduling;

namespace ClusterOperator.Observability;

/// <summary>Derives the gauges' figures from one round's snapshot and plan. Pure, so it is unit-tested.</summary>
internal static class RoundFiguresBuilder
{
    public const string OtherOwners = "other";

    public static RoundFigures Build(BuiltSnapshot built, SchedulingPlan plan, ClusterObjects objects, TimeSpan planInterval, int maxOwners)
    {
        var snapshot = built.Snapshot;
        var allocated = plan.OwnerShares.GroupBy(s => s.Owner, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (double)g.Sum(s => s.AllocatedGpus), StringComparer.Ordinal);
        var share = plan.OwnerShares.GroupBy(s => s.Owner, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Sum(s => s.ShareGpus), StringComparer.Ordinal);

        // The busiest owners keep their own series; the rest share one, so label cardinality stays bounded.
        var named = allocated.Keys.Union(share.Keys)
            .OrderByDescending(o => allocated.GetValueOrDefault(o)).ThenBy(o => o, StringComparer.Ordinal)
            .Take(maxOwners).ToHashSet(StringComparer.Ordinal);

        return new RoundFigures(
            Capacity: snapshot.Nodes.Where(n => n.Ready && n.Schedulable)
                .GroupBy(n => n.GpuType ?? "unknown", StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => (double)g.Sum(n => n.Gpus), StringComparer.Ordinal),
            Allocated: Cap(allocated, named),
            FairShare: Cap(share, named),
            Runs: objects.Runs.Select(r => ("training", (r.Status?.Phase ?? TrainingRunPhase.Pending).ToString()))
                .Concat(objects.Ideas.Select(i => ("idea", (i.Status?.Phase ?? IdeaPhase.Pending).ToString())))
                .GroupBy(k => k)
                .ToDictionary(g => g.Key, g => (long)g.Count()),
            PendingByReason: plan.Waiting.Values.GroupBy(w => w.Code.ToString(), StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => (double)g.Count(), StringComparer.Ordinal),
            WithinShareWaitMax: WithinShareWaits(snapshot, plan, allocated, share).DefaultIfEmpty(0).Max(),
            WaitBound: (snapshot.Options.MinRuntime + snapshot.Options.DefaultGracePeriod + planInterval).TotalSeconds);
    }

    /// <summary>
    /// How long each pending workload that fits within its owner's share has waited: its owner's allocation plus its
    /// own smallest request is no more than the share, or it is an idea within the owner's idea guarantee.
    /// </summary>
    public static IEnumerable<double> WithinShareWaits(ClusterSnapshot snapshot, SchedulingPlan plan, IReadOnlyDictionary<string, double> allocated, IReadOnlyDictionary<string, double> share) =>
        snapshot.Workloads
            .Where(w => plan.Waiting.ContainsKey(w.Id))
            .Where(w =>
            {
                var request = (w.MinReplicas ?? w.Replicas) * w.GpusPerReplica;
                return (w.Kind == WorkloadKind.Idea && request <= snapshot.Options.IdeaGuaranteeGpus)
                    || allocated.GetValueOrDefault(w.Owner) + request <= share.GetValueOrDefault(w.Owner) + 1e-9;
            })
            .Select(w => Math.Max(0, (snapshot.Now - (w.PendingSince ?? w.SubmitTime)).TotalSeconds));

    private static Dictionary<string, double> Cap(Dictionary<string, double> values, HashSet<string> named)
    {
        var capped = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var (owner, value) in values)
        {
            var key = named.Contains(owner) ? owner : OtherOwners;
            capped[key] = capped.GetValueOrDefault(key) + value;
        }

        return capped;
    }
}
