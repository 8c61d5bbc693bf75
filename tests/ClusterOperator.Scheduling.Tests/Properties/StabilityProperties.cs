using CsCheck;
using Xunit;

namespace ClusterOperator.Scheduling.Tests.Properties;

/// <summary>Rules 4 and 8 over time: the bounded wait, no owner hoarding while entitled work waits, no loops.</summary>
public sealed class StabilityProperties
{
    private static readonly TimeSpan MaxGrace = TimeSpan.FromSeconds(30);

    /// <summary>MinRuntime + the victims' grace + one planning round (plus one round of observation).</summary>
    private static readonly TimeSpan Bound = TimeSpan.FromMinutes(1) + MaxGrace + (2 * PropertySettings.Round);

    [Fact]
    public void Work_of_an_owner_within_its_share_starts_within_the_bound()
    {
        // Default hysteresis: the band orders victims but never makes within-share work wait past the bound;
        // starvation (rule 7) is kept out of reach so that it cannot be what rescues the waiting work.
        var options = PropertySettings.Options(starvation: TimeSpan.FromDays(1));
        Generators.Fungible().Sample(spec =>
        {
            var entitledSince = new Dictionary<string, DateTimeOffset>();
            PropertySettings.Simulate(spec, SchedulingPolicy.FairShare, 150, (snapshot, plan) =>
            {
                foreach (var (id, since) in WaitingWhileEntitled(snapshot, plan, entitledSince))
                {
                    Assert.True(snapshot.Now - since <= Bound, $"{id} within its owner's share has waited {snapshot.Now - since}: {plan.Waiting[id].Message}");
                }
            }, options);
        }, iter: PropertySettings.Iterations);
    }

    [Fact]
    public void No_owner_holds_reclaimable_GPUs_above_share_times_hysteresis_while_entitled_work_waits_past_the_bound_unhelped()
    {
        var options = PropertySettings.Options(starvation: TimeSpan.FromDays(1));
        Generators.Fungible().Sample(spec =>
        {
            var entitledSince = new Dictionary<string, DateTimeOffset>();
            PropertySettings.Simulate(spec, SchedulingPolicy.FairShare, 150, (snapshot, plan) =>
            {
                // Late work the plan reclaims for is being helped; late work left waiting must have nobody to reclaim from.
                var late = WaitingWhileEntitled(snapshot, plan, entitledSince)
                    .Where(p => snapshot.Now - p.Since > Bound && plan.Waiting[p.Id].Code != WaitingCode.Reclaiming)
                    .ToList();
                if (late.Count == 0)
                {
                    return;
                }

                foreach (var share in plan.OwnerShares)
                {
                    var protectedGpus = snapshot.Workloads
                        .Where(w => w.Owner == share.Owner && w.StartTime + options.MinRuntime > snapshot.Now && !plan.Evictions.Any(e => e.WorkloadId == w.Id))
                        .Sum(w => w.Pods.Count(p => !p.Terminating) * w.GpusPerReplica);
                    Assert.True(
                        share.AllocatedGpus - protectedGpus <= (share.ShareGpus * options.ReclaimHysteresis) + 1e-6,
                        $"{late[0].Id} waits past the bound while {share.Owner} holds {share.AllocatedGpus} GPUs ({protectedGpus} protected) of a {share.ShareGpus:0.##} share");
                }
            }, options);
        }, iter: PropertySettings.Iterations);
    }

    [Fact]
    public void Once_arrivals_stop_evictions_stop_within_a_bounded_number_of_rounds()
    {
        Generators.Mixed(forever: true).Sample(spec =>
        {
            var lastEviction = -1;
            var round = 0;
            PropertySettings.Simulate(spec, SchedulingPolicy.FairShare, 160, (_, plan) =>
            {
                if (plan.Evictions.Count > 0)
                {
                    lastEviction = round;
                }

                round++;
            });

            // Arrivals end by round 20; MinRuntime (6 rounds), starvation (30) and grace (6) bound the rest.
            Assert.True(lastEviction < 100, $"evictions still happen in round {lastEviction}");
        }, iter: PropertySettings.Iterations);
    }

    /// <summary>
    /// Waiting workloads within their owner's share, with the time since when that has been continuously true.
    /// As in the replay's metric, a workload is within share when its owner's allocated GPUs, plus the requests
    /// of the owner's waiting workloads submitted before it, plus its own request, fit in the owner's fair share.
    /// </summary>
    private static IEnumerable<(string Id, DateTimeOffset Since)> WaitingWhileEntitled(ClusterSnapshot snapshot, SchedulingPlan plan, Dictionary<string, DateTimeOffset> entitledSince)
    {
        var waiting = new HashSet<string>();
        foreach (var owner in snapshot.Workloads.GroupBy(w => w.Owner))
        {
            var total = (double)owner.Sum(w => w.Pods.Count(p => !p.Terminating) * w.GpusPerReplica);
            var share = plan.OwnerShareGpus(owner.Key);
            foreach (var w in owner.Where(w => plan.Waiting.TryGetValue(w.Id, out var r) && r.Code != WaitingCode.Terminating).OrderBy(w => w.SubmitTime).ThenBy(w => w.Id, StringComparer.Ordinal))
            {
                total += ((w.MinReplicas ?? w.Replicas) - w.Pods.Count(p => !p.Terminating)) * w.GpusPerReplica;
                if (total <= share + 1e-9)
                {
                    waiting.Add(w.Id);
                }
            }
        }

        foreach (var id in entitledSince.Keys.Where(id => !waiting.Contains(id)).ToList())
        {
            entitledSince.Remove(id);
        }

        foreach (var id in waiting.Order(StringComparer.Ordinal))
        {
            entitledSince.TryAdd(id, snapshot.Now);
            yield return (id, entitledSince[id]);
        }
    }
}
