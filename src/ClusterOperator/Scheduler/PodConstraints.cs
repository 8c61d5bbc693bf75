using ClusterOperator.Api;
using ClusterOperator.Scheduling;
using k8s.Models;

namespace ClusterOperator.Scheduler;

/// <summary>Translates a pod spec's placement rules into the core's <see cref="NodeConstraints"/>.</summary>
internal static class PodConstraints
{
    /// <summary>
    /// The constraints of <paramref name="spec"/>; <see cref="NodeConstraints.None"/> itself when it has none, so the
    /// translations of unconstrained runs, kept between rounds, share one object instead of holding one each.
    /// </summary>
    public static NodeConstraints From(V1PodSpec? spec)
    {
        if (spec is null || IsUnconstrained(spec))
        {
            return NodeConstraints.None;
        }

        var selector = spec.NodeSelector is { } s ? new Dictionary<string, string>(s) : new Dictionary<string, string>();
        return new NodeConstraints
        {
            GpuType = selector.TryGetValue(ApiGroup.GpuProductLabel, out var product) ? product : null,
            NodeSelector = selector,
            RequiredAffinity = [.. (spec.Affinity?.NodeAffinity?.RequiredDuringSchedulingIgnoredDuringExecution?.NodeSelectorTerms ?? [])
                .Select(term => new NodeSelectorTerm([.. (term.MatchExpressions ?? []).Select(Requirement)]))],
            Tolerations = [.. (spec.Tolerations ?? []).Select(t => new Toleration
            {
                Key = t.Key,
                Operator = t.OperatorProperty == "Exists" ? TolerationOperator.Exists : TolerationOperator.Equal,
                Value = t.Value,
                Effect = t.Effect is null ? null : NodeTranslator.ParseEffect(t.Effect),
            })],
        };
    }

    private static bool IsUnconstrained(V1PodSpec spec) =>
        (spec.NodeSelector?.Count ?? 0) == 0
        && (spec.Tolerations?.Count ?? 0) == 0
        && (spec.Affinity?.NodeAffinity?.RequiredDuringSchedulingIgnoredDuringExecution?.NodeSelectorTerms?.Count ?? 0) == 0;

    private static NodeSelectorRequirement Requirement(V1NodeSelectorRequirement requirement) => new(
        requirement.Key,
        requirement.OperatorProperty switch
        {
            "NotIn" => NodeSelectorOperator.NotIn,
            "Exists" => NodeSelectorOperator.Exists,
            "DoesNotExist" => NodeSelectorOperator.DoesNotExist,
            "Gt" => NodeSelectorOperator.Gt,
            "Lt" => NodeSelectorOperator.Lt,
            _ => NodeSelectorOperator.In,
        },
        requirement.Values?.ToList());
}
