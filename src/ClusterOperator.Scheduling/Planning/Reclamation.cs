using System.Globalization;

namespace ClusterOperator.Scheduling.Planning;

/// <summary>
/// Turns a successful reclaim trial into decisions: unprotected victims are evicted, protected ones are
/// waited for (and spoken for, so no other beneficiary counts on them too), and the beneficiary's GPUs are
/// reserved with the time they are expected to be free.
/// </summary>
internal static class Reclamation
{
    /// <summary>Evicts the unprotected victims, leaves the protected ones running, and reserves.</summary>
    public static void Commit(PlanState state, Placer placer, VictimIndex victims, ReclaimTrial s, List<PodsOnNode> placement)
    {
        var w = s.Beneficiary;
        var held = w.Incoming;
        var heldGpus = placement.Sum(p => p.Pods) * w.Gpus;
        var drainGpus = placement.Sum(p => Math.Min(p.Pods * w.Gpus, s.Drained.GetValueOrDefault(p.Node)));

        // Unknown while draining: that waits for runs to finish. Otherwise the latest victim's end of grace.
        DateTimeOffset? expectedBy = drainGpus > 0 ? null : held?.ExpectedBy ?? state.Now;
        var reclaimed = new List<(Owner Owner, int Gpus, double Excess)>();
        var awaited = new List<(Owner Owner, int Gpus, DateTimeOffset Until)>();
        var moved = new List<(Owner Owner, int Gpus)>();
        foreach (var unit in s.Chosen.ToList())
        {
            var victim = unit.Workload;
            victims.Retire(victim);
            if (state.IsProtected(victim))
            {
                // It keeps running, but its GPUs are spoken for: no other beneficiary counts on them too.
                s.Undo(u => u == unit);
                victim.Promised = true;
                foreach (var (node, gpus) in unit.Parts)
                {
                    victim.Owner.Promised[state.Nodes.Pool[node]] += gpus;
                }

                var until = victim.ProtectedUntil!.Value;
                awaited.Add((victim.Owner, unit.Gpus, until));
                expectedBy = Later(expectedBy, TimeMath.Add(until, victim.Grace));
            }
            else if (s.Moves.TryGetValue(unit, out var destination))
            {
                moved.Add((victim.Owner, Evict(state, s, unit, moving: true)));
                ReserveForMoved(state, victim, destination);
                expectedBy = Later(expectedBy, TimeMath.Add(state.Now, victim.Grace));
            }
            else
            {
                reclaimed.Add((victim.Owner, Evict(state, s, unit, moving: false), s.ExcessBefore.GetValueOrDefault(victim.Owner)));
                expectedBy = Later(expectedBy, TimeMath.Add(state.Now, victim.Grace));
            }
        }

        placer.Release(w);
        var nodes = placement.Select(p => (p.Node, p.Pods * w.Gpus)).ToList();
        foreach (var (node, gpus) in nodes)
        {
            state.Nodes.AddReserved(node, gpus);
        }

        w.Owner.Reserved[w.Pool] += heldGpus;
        if (w.IsIdea)
        {
            w.Owner.IdeaGpus += heldGpus;
        }

        var since = held is not null && held.Reason == s.Reason ? held.Since : state.Now;
        w.Outgoing = new HeldGpus(s.Reason, nodes, since, expectedBy);
        w.Wait = new WaitNote(s.Reason == ReclaimReason.WithinShare ? WaitingCode.Reclaiming : WaitingCode.StarvationReserved)
        {
            HeldGpus = heldGpus,
            HeldNodes = placement.Count,
            DrainGpus = drainGpus,
            ExpectedBy = expectedBy,
        };
        w.Wait.Reclaimed.AddRange(Merge(reclaimed));
        w.Wait.Moved.AddRange(moved.GroupBy(m => m.Owner).Select(g => (g.Key, g.Sum(m => m.Gpus))));
        w.Wait.Awaited.AddRange(awaited.GroupBy(a => a.Owner).Select(g => (g.Key, g.Sum(a => a.Gpus), g.Max(a => a.Until))));
    }

    /// <summary>A moved run gets the free GPUs chosen for it, held until its pods are gone and it is bound there.</summary>
    private static void ReserveForMoved(PlanState state, WorkloadState victim, List<PodsOnNode> destination)
    {
        var nodes = destination.Select(p => (p.Node, p.Pods * victim.Gpus)).ToList();
        foreach (var (node, gpus) in nodes)
        {
            state.Nodes.AddReserved(node, gpus);
        }

        victim.Owner.Reserved[victim.Pool] += nodes.Sum(n => n.Item2);
        victim.Outgoing = new HeldGpus(ReclaimReason.WithinShare, nodes, state.Now, TimeMath.Add(state.Now, victim.Grace));
    }

    private static IEnumerable<(Owner Owner, int Gpus, double Excess)> Merge(List<(Owner Owner, int Gpus, double Excess)> reclaimed) =>
        reclaimed.GroupBy(r => r.Owner).Select(g => (g.Key, g.Sum(r => r.Gpus), g.First().Excess));

    private static DateTimeOffset? Later(DateTimeOffset? a, DateTimeOffset b) => a is null ? null : a > b ? a : b;

    /// <summary>Turns a chosen unit into an eviction (its GPUs already left the owner's allocation); returns the GPUs it frees.</summary>
    private static int Evict(PlanState state, ReclaimTrial s, VictimUnit unit, bool moving)
    {
        var victim = unit.Workload;
        var w = s.Beneficiary;
        if (unit.Replica is { } replica)
        {
            victim.AddShrunk(replica);
        }
        else
        {
            victim.Evicted = true;
        }

        foreach (var (node, gpus) in unit.Parts)
        {
            state.Nodes.StartTerminating(node, gpus);
        }

        var indices = victim.Evicted ? victim.Running.Select(p => p.Index).ToList() : [.. victim.Shrunk.Order()];
        var owner = victim.Owner;
        var pool = w.Pool;
        var why = s.Reason == ReclaimReason.WithinShare
            ? $"reclaimed for {w.Id} of owner {w.Owner.Name}, which is within its fair share"
            : $"reclaimed for {w.Id} of owner {w.Owner.Name}, which waited past the {DurationText.Format(state.Options.StarvationThreshold)} starvation threshold";
        var what = victim.Evicted ? "preempted" : string.Create(CultureInfo.InvariantCulture, $"shrunk to {victim.Running.Count - victim.Shrunk.Count} replicas");
        var heldBefore = s.ExcessBefore.GetValueOrDefault(owner) + owner.Share[pool];
        var message = moving
            ? $"preempted to move: {why}, and free GPUs on other nodes are reserved for it, so owner {owner.Name} keeps its GPUs"
            : string.Create(
                CultureInfo.InvariantCulture,
                $"{what}: {why}; owner {owner.Name} held {heldBefore:0.#} GPUs against a fair share of {owner.Share[pool]:0.#}");
        victim.Eviction = victim.Eviction is { } earlier && !victim.Evicted
            ? earlier with { PodIndices = indices, Message = message }
            : new Eviction(victim.Id, indices, victim.Evicted, s.Reason, w.Id, w.Owner.Name, victim.Grace, message);
        return unit.Gpus;
    }
}
