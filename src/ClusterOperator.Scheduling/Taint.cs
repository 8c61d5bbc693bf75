namespace ClusterOperator.Scheduling;

/// <summary>A node taint.</summary>
/// <param name="Key">Taint key.</param>
/// <param name="Value">Taint value, may be null.</param>
/// <param name="Effect">NoSchedule and NoExecute keep pods that do not tolerate them off the node.</param>
public sealed record Taint(string Key, string? Value, TaintEffect Effect);
