namespace ClusterOperator.Scheduling;

/// <summary>A node affinity term: every expression must match. A term with no expressions matches no node, as in Kubernetes.</summary>
/// <param name="MatchExpressions">Requirements on node labels.</param>
public sealed record NodeSelectorTerm(IReadOnlyList<NodeSelectorRequirement> MatchExpressions);
