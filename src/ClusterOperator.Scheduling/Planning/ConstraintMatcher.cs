using System.Globalization;

namespace ClusterOperator.Scheduling.Planning;

/// <summary>Kubernetes semantics of node selectors, required node affinity, taints and tolerations.</summary>
internal static class ConstraintMatcher
{
    public static bool Matches(Node node, NodeConstraints constraints)
    {
        if (constraints.GpuType is { } gpuType && !string.Equals(node.GpuType, gpuType, StringComparison.Ordinal))
        {
            return false;
        }

        if (constraints.NodeSelector.Count > 0 && !MatchesSelector(node.Labels, constraints.NodeSelector))
        {
            return false;
        }

        if (constraints.RequiredAffinity.Count > 0 && !MatchesAnyTerm(node.Labels, constraints.RequiredAffinity))
        {
            return false;
        }

        foreach (var taint in node.Taints)
        {
            if (taint.Effect != TaintEffect.PreferNoSchedule && !Tolerated(constraints.Tolerations, taint))
            {
                return false;
            }
        }

        return true;
    }

    private static bool MatchesSelector(IReadOnlyDictionary<string, string> labels, IReadOnlyDictionary<string, string> selector)
    {
        foreach (var (key, value) in selector)
        {
            if (!labels.TryGetValue(key, out var actual) || !string.Equals(actual, value, StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    private static bool MatchesAnyTerm(IReadOnlyDictionary<string, string> labels, IReadOnlyList<NodeSelectorTerm> terms)
    {
        foreach (var term in terms)
        {
            if (Matches(labels, term))
            {
                return true;
            }
        }

        return false;
    }

    private static bool Tolerated(IReadOnlyList<Toleration> tolerations, Taint taint)
    {
        foreach (var toleration in tolerations)
        {
            if (Tolerates(toleration, taint))
            {
                return true;
            }
        }

        return false;
    }

    public static bool Tolerates(Toleration toleration, Taint taint)
    {
        if (toleration.Effect is { } effect && effect != taint.Effect)
        {
            return false;
        }

        if (toleration.Operator == TolerationOperator.Exists)
        {
            return string.IsNullOrEmpty(toleration.Key) || string.Equals(toleration.Key, taint.Key, StringComparison.Ordinal);
        }

        return string.Equals(toleration.Key, taint.Key, StringComparison.Ordinal)
            && string.Equals(toleration.Value ?? string.Empty, taint.Value ?? string.Empty, StringComparison.Ordinal);
    }

    private static bool Matches(IReadOnlyDictionary<string, string> labels, NodeSelectorTerm term) =>
        term.MatchExpressions.Count > 0 && term.MatchExpressions.All(r => Matches(labels, r));

    private static bool Matches(IReadOnlyDictionary<string, string> labels, NodeSelectorRequirement requirement)
    {
        var present = labels.TryGetValue(requirement.Key, out var value);
        var values = requirement.Values ?? [];
        return requirement.Operator switch
        {
            NodeSelectorOperator.In => present && values.Contains(value, StringComparer.Ordinal),
            NodeSelectorOperator.NotIn => !present || !values.Contains(value, StringComparer.Ordinal),
            NodeSelectorOperator.Exists => present,
            NodeSelectorOperator.DoesNotExist => !present,
            NodeSelectorOperator.Gt => present && Compare(value, values) is > 0,
            NodeSelectorOperator.Lt => present && Compare(value, values) is < 0,
            _ => false,
        };
    }

    /// <summary>Compares a label with the single integer of a Gt/Lt requirement; null when either is not an integer.</summary>
    private static int? Compare(string? label, IReadOnlyList<string> values) =>
        values.Count == 1
        && long.TryParse(label, NumberStyles.Integer, CultureInfo.InvariantCulture, out var actual)
        && long.TryParse(values[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out var bound)
            ? actual.CompareTo(bound)
            : null;
}
