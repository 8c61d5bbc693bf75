namespace ClusterOperator.Scheduling;

/// <summary>Invalid input. The item is left out of planning; the rest is planned normally.</summary>
/// <param name="Subject">What is wrong, e.g. <c>workload ns/a</c> or <c>node n1</c>.</param>
/// <param name="Message">A sentence saying why.</param>
public sealed record SnapshotError(string Subject, string Message);
