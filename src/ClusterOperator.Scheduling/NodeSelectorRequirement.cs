namespace ClusterOperator.Scheduling;

/// <summary>One requirement on a node label, with Kubernetes semantics.</summary>
/// <param name="Key">Label key.</param>
/// <param name="Operator">How to compare.</param>
/// <param name="Values">Values for In/NotIn; a single integer for Gt/Lt; ignored for Exists/DoesNotExist.</param>
public sealed record NodeSelectorRequirement(string Key, NodeSelectorOperator Operator, IReadOnlyList<string>? Values = null);
