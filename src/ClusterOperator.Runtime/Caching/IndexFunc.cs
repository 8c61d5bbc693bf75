namespace ClusterOperator.Runtime.Caching;

/// <summary>Computes the index values of an object, e.g. the node a pod is bound to. No values means "not indexed".</summary>
public delegate IEnumerable<string> IndexFunc<in T>(T obj);
