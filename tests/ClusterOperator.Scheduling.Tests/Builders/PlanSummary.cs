using ClusterOperator.Scheduling;

namespace ClusterOperator.Scheduling.Tests.Builders;

/// <summary>A plan's decisions as short lines, so a scenario can state exactly what it expects.</summary>
public static class PlanSummary
{
    /// <summary>
    /// <c>bind ID i:node …</c>, <c>evict ID whole|replicas i,j for BENEFICIARY</c>,
    /// <c>reserve ID REASON node:gpus …</c>, <c>resize ID from-&gt;to</c>, <c>wait ID CODE</c>; sorted.
    /// </summary>
    public static IReadOnlyList<string> Lines(SchedulingPlan plan)
    {
        var lines = new List<string>();
        lines.AddRange(plan.Binds.GroupBy(b => b.WorkloadId).Select(g => $"bind {g.Key} " + string.Join(' ', g.Select(b => $"{b.PodIndex}:{b.Node}"))));
        lines.AddRange(plan.Evictions.Select(e => $"evict {e.WorkloadId} {(e.WholeWorkload ? "whole" : "replicas " + string.Join(',', e.PodIndices))} for {e.BeneficiaryId}"));
        lines.AddRange(plan.Reservations.Select(r => $"reserve {r.BeneficiaryId} {r.Reason} " + string.Join(' ', r.Nodes.Select(n => $"{n.Node}:{n.Gpus}"))));
        lines.AddRange(plan.Resizes.Select(r => $"resize {r.WorkloadId} {r.FromReplicas}->{r.ToReplicas}"));
        lines.AddRange(plan.Waiting.Select(w => $"wait {w.Key} {w.Value.Code}"));
        lines.Sort(StringComparer.Ordinal);
        return lines;
    }
}
