using ClusterOperator.Api;
using ClusterOperator.Scheduling;
using k8s.Models;

namespace ClusterOperator.Scheduler;

/// <summary>Translates a pod spec's placement rules into the core's <see cref="NodeConstraints"/>.</summary>
internal static class PodConstraints
{
    public static NodeConstraints From(V1PodSpec? spec)
    {
        if (spec is null)
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
