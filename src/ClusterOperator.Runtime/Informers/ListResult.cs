namespace ClusterOperator.Runtime.Informers;

/// <summary>A consistent list and the resourceVersion to start watching from.</summary>
public sealed record ListResult<T>(IReadOnlyList<T> Items, string ResourceVersion);
