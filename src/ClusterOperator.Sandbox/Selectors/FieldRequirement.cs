namespace ClusterOperator.Sandbox.Selectors;

/// <summary>One clause of a field selector.</summary>
internal sealed record FieldRequirement(string Field, string Value, bool Equal);
