namespace ClusterOperator.Runtime.Caching;

/// <summary>What changed when the cache was replaced by a full list: the informer turns each into a handler call.</summary>
public sealed record CacheDelta<T>(
    IReadOnlyList<T> Added,
    IReadOnlyList<(T Old, T New)> Updated,
    IReadOnlyList<T> Deleted);
