using System.Globalization;

namespace ClusterOperator.Scheduling.Planning;

/// <summary>Writes the waiting reasons, once all decisions are made, so the numbers are those after the plan.</summary>
internal sealed class Explainer(PlanState state)
{
    private readonly Dictionary<(int Key, int Pool), int> _free = [];
    private readonly Dictionary<(int Kind, int Key, int Pool, int Pods, int Gpus, int Owner), WaitingReason> _shared = [];

    public WaitingReason Explain(WorkloadState w)
    {
        if (w.Phase == WorkloadPhase.Incomplete)
        {
            var (incompleteCode, rest) = Sentence(w);
            return new WaitingReason(incompleteCode, Text($"{w.Running.Count} of {w.MinReplicas} replicas running; ") + rest);
        }

        if (SharedKey(w) is not { } key)
        {
            var (code, sentence) = Sentence(w);
            return new WaitingReason(code, sentence);
        }

        // Long queues wait for the same reason in the same words: write each such reason once per plan.
        if (!_shared.TryGetValue(key, out var reason))
        {
            var (code, sentence) = Sentence(w);
            reason = new WaitingReason(code, sentence);
            _shared[key] = reason;
        }

        return reason;
    }

    /// <summary>
    /// What the sentence of <see cref="Sentence"/> depends on, for the reasons whose words are not particular to
    /// one workload (its wait or its own reservation); null for those that are.
    /// </summary>
    private (int Kind, int Key, int Pool, int Pods, int Gpus, int Owner)? SharedKey(WorkloadState w)
    {
        if (w.Phase == WorkloadPhase.Terminating || w.Unschedulable)
        {
            return null;
        }

        var owner = w.Owner;
        var note = w.Wait;
        if (note is null)
        {
            if (!state.Policy.Reclaim)
            {
                return (1, w.ConstraintKey, w.Pool, w.RequestPods, w.Gpus, -1);
            }

            if (state.WithinShare(w))
            {
                return (2, w.ConstraintKey, w.Pool, w.RequestPods, w.Gpus, -1);
            }

            // A run bigger than its share is told how long it has waited.
            return w.RequestGpus > owner.Share[w.Pool] + PlanState.Epsilon ? null : (3, w.ConstraintKey, w.Pool, w.RequestPods, w.Gpus, owner.Index);
        }

        return note.Code switch
        {
            WaitingCode.QuotaExceeded => (4, 0, note.Pool, w.RequestGpus, 0, owner.Index),
            WaitingCode.NoReclaimableCapacity => (w.IsIdea ? 6 : 5, w.ConstraintKey, w.Pool, w.RequestPods, w.Gpus, owner.Index),
            _ => null,
        };
    }

    private (WaitingCode Code, string Sentence) Sentence(WorkloadState w)
    {
        if (w.Phase == WorkloadPhase.Terminating)
        {
            return (WaitingCode.Terminating, Text($"waiting for {Count(w.TerminatingPods, "pod")} of its previous attempt to terminate"));
        }

        if (w.Unschedulable)
        {
            return (WaitingCode.Unschedulable, Unschedulable(w));
        }

        var owner = w.Owner;
        var pool = w.Pool;
        var needs = Needs(w);
        var note = w.Wait;
        if (note is null)
        {
            if (!state.Policy.Reclaim)
            {
                return (WaitingCode.InsufficientGpus, needs + Text($" on matching nodes; policy {state.Policy.Name} does not reclaim"));
            }

            if (state.WithinShare(w))
            {
                return (WaitingCode.InsufficientGpus, needs + " on matching nodes");
            }

            var overShare = needs + Text($"; owner {owner.Name} holds {owner.Allocated[pool]} GPUs against a fair share of {owner.Share[pool]:0.#}, so it runs only on free GPUs");
            if (w.RequestGpus > owner.Share[pool] + PlanState.Epsilon)
            {
                var waited = DurationText.Format(state.Now - w.PendingSince);
                overShare += Text($"; being bigger than that share, it gets nodes reserved once it has waited {DurationText.Format(state.Options.StarvationThreshold)} ({waited} so far)");
            }

            return (WaitingCode.OverShare, overShare);
        }

        return note.Code switch
        {
            WaitingCode.QuotaExceeded => (note.Code, Text($"needs {w.RequestGpus} GPUs; owner {owner.Name} holds {owner.Allocated[note.Pool]} GPUs of a {owner.Quota[note.Pool]:0.#}-GPU quota and policy {state.Policy.Name} never borrows")),
            WaitingCode.NoReclaimableCapacity => (note.Code, needs + Text($"; within owner {owner.Name}'s fair share ({owner.Allocated[pool]} + {w.RequestGpus} ≤ {owner.Share[pool]:0.#} GPUs{IdeaNote(w)}) but no borrowed GPUs can be reclaimed on matching nodes")),
            WaitingCode.StarvationReserved => (note.Code, Starving(w, note)),
            _ => (note.Code, needs + "; " + Reclaiming(note)),
        };
    }

    private string IdeaNote(WorkloadState w) =>
        w.IsIdea ? Text($", or inside the {state.Options.IdeaGuaranteeGpus}-GPU idea guarantee") : string.Empty;

    private string Needs(WorkloadState w)
    {
        var shape = w.RequestPods > 1 ? Text($" ({w.RequestPods} pods × {w.Gpus})") : string.Empty;
        return Text($"needs {w.RequestGpus} GPUs{shape}, {Free(w)} free");
    }

    private string Reclaiming(WaitNote note)
    {
        var parts = new List<string>();
        if (note.Reclaimed.Count > 0)
        {
            parts.Add("reclaiming " + string.Join(" and ", note.Reclaimed.Select(r => Text($"{r.Gpus} from owner {r.Owner.Name} (over share by {r.Excess:0.#})"))));
        }

        if (note.Moved.Count > 0)
        {
            parts.Add("moving " + string.Join(" and ", note.Moved.Select(m => Text($"{m.Gpus} GPUs of owner {m.Owner.Name}'s runs"))) + " to free GPUs on other nodes");
        }

        if (note.Awaited.Count > 0)
        {
            parts.Add("waiting for " + string.Join(" and ", note.Awaited.Select(a => Text($"{a.Gpus} from owner {a.Owner.Name}, protected by MinRuntime for {DurationText.Format(a.Until - state.Now)}"))));
        }

        if (parts.Count == 0)
        {
            parts.Add(Text($"{note.HeldGpus} GPUs held on {Count(note.HeldNodes, "node")} while reclaimed pods terminate"));
        }

        var expected = note.ExpectedBy is { } by ? " — expected within " + DurationText.Format(by - state.Now) : string.Empty;
        return string.Join("; ", parts) + expected;
    }

    private string Starving(WorkloadState w, WaitNote note)
    {
        var text = Text($"waited {DurationText.Format(state.Now - w.PendingSince)}, past the {DurationText.Format(state.Options.StarvationThreshold)} starvation threshold; holding {note.HeldGpus} GPUs on {Count(note.HeldNodes, "node")}");
        if (note.Reclaimed.Count > 0 || note.Awaited.Count > 0)
        {
            text += "; " + Reclaiming(note);
        }
        else if (note.DrainGpus == 0 && note.ExpectedBy is { } by)
        {
            text += " — expected within " + DurationText.Format(by - state.Now);
        }

        return note.DrainGpus > 0 ? text + Text($"; waiting for {note.DrainGpus} GPUs of running work to finish") : text;
    }

    private string Unschedulable(WorkloadState w)
    {
        var sets = state.CandidatePools(w).Select(p => state.Feasible(w, p)).ToList();
        var nodes = sets.Sum(s => s.Nodes.Length);
        var type = w.Source.Constraints.GpuType is { } t ? Text($" and GPU type {t}") : string.Empty;
        if (nodes == 0)
        {
            return Text($"no ready, schedulable node matches its node selector, affinity, tolerations{type}");
        }

        var fits = sets.Max(s => s.Nodes.Sum(n => (long)(state.Nodes.Capacity[n] / Math.Max(1, w.Gpus))));
        return Text($"no node set can ever hold it: it needs {w.RequestPods} pods × {w.Gpus} GPUs, and the {nodes} matching ready nodes hold at most {fits} such pods in one GPU type");
    }

    private int Free(WorkloadState w)
    {
        var free = 0;
        foreach (var pool in state.CandidatePools(w))
        {
            if (!_free.TryGetValue((w.ConstraintKey, pool), out var inPool))
            {
                inPool = state.Feasible(w, pool).Nodes.Sum(n => state.Nodes.Free[n]);
                _free[(w.ConstraintKey, pool)] = inPool;
            }

            free += inPool;
        }

        return free;
    }

    private static string Count(int count, string noun) => Text($"{count} {noun}{(count == 1 ? string.Empty : "s")}");

    private static string Text(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
