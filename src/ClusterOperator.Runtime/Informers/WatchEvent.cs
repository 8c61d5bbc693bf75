using k8s;

namespace ClusterOperator.Runtime.Informers;

/// <summary>One event of a watch stream. Bookmarks carry only a resourceVersion.</summary>
public readonly record struct WatchEvent<T>(WatchEventType Type, T Item);
