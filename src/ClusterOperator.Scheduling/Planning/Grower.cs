namespace ClusterOperator.Scheduling.Planning;

/// <summary>
/// Elastic runs grow into GPUs that no pending workload could use (rule 9), one replica at a time, best fit,
/// owners with the lowest (allocated + usage) ÷ weight first. Runs shrunk or evicted in this plan do not grow.
/// </summary>
internal static class Grower
{
    public static void Run(PlanState state, Placer placer)
    {
        var elastic = new List<WorkloadState>();
        foreach (var w in state.Workloads)
        {
            if (w.IsElastic && !w.Evicted && w.Shrunk.Count == 0 && w.TerminatingPods == 0 && (w.Phase == WorkloadPhase.Running || w.Bound))
            {
                elastic.Add(w);
            }
        }

        if (elastic.Count == 0)
        {
            return;
        }

        var growing = elastic.OrderBy(w => w.Owner.Fairness).ThenBy(w => w.Source.SubmitTime).ThenBy(w => w.Id, StringComparer.Ordinal).ToList();
        foreach (var w in growing)
        {
            var set = state.Feasible(w, w.Pool);
            while (w.Running.Count + w.NewBinds.Count < w.MaxReplicas)
            {
                if (state.Policy.NeverBorrow && w.Owner.Allocated[w.Pool] + w.Gpus > w.Owner.Quota[w.Pool] + PlanState.Epsilon)
                {
                    break;
                }

                var node = state.Nodes.Index.BestFit(w.Gpus, set.Mask);
                if (node < 0)
                {
                    break;
                }

                placer.Bind(w, [new PodsOnNode(node, 1)]);
            }
        }
    }
}
