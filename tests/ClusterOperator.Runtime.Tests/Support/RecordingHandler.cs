using System.Collections.Concurrent;
using ClusterOperator.Runtime.Informers;
using k8s.Models;

namespace ClusterOperator.Runtime.Tests.Support;

/// <summary>Records handler calls as "added:name", "updated:name@version", "deleted:name".</summary>
public sealed class RecordingHandler : IInformerHandler<V1Pod>
{
    public ConcurrentQueue<string> Calls { get; } = new();

    public void OnAdded(V1Pod obj) => Calls.Enqueue($"added:{obj.Metadata.Name}");

    public void OnUpdated(V1Pod oldObj, V1Pod newObj) => Calls.Enqueue($"updated:{newObj.Metadata.Name}@{newObj.Metadata.ResourceVersion}");

    public void OnDeleted(V1Pod obj) => Calls.Enqueue($"deleted:{obj.Metadata.Name}");
}
