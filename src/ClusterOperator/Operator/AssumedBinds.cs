using System.Collections.Concurrent;
using ClusterOperator.Controllers;
using ClusterOperator.Runtime.Informers;
using k8s.Models;

namespace ClusterOperator.Operator;

/// <summary>
/// Binds written but not yet seen in the pod cache, as kube-scheduler "assumes" them. Until the informer delivers a
/// pod's bind, a round counts the pod as bound where it was sent; otherwise the next round would see its GPUs as
/// free and give them to another pod, which the kubelet would then reject.
/// </summary>
internal sealed class AssumedBinds : IInformerHandler<V1Pod>
{
    private readonly ConcurrentDictionary<string, string> _nodes = new(StringComparer.Ordinal);

    public bool IsEmpty => _nodes.IsEmpty;

    public void Assume(V1Pod pod, string node) => _nodes[pod.Metadata.Uid] = node;

    /// <summary>Drops an assumption whose bind failed, so the next round places the pod again.</summary>
    public void Forget(V1Pod pod) => _nodes.TryRemove(pod.Metadata.Uid, out _);

    /// <summary>Where an unbound pod was sent, or null; a pod the cache shows bound needs no assumption any more.</summary>
    public string? NodeOf(V1Pod pod)
    {
        if (PodFacts.IsBound(pod))
        {
            _nodes.TryRemove(pod.Metadata.Uid, out _);
            return null;
        }

        return _nodes.GetValueOrDefault(pod.Metadata.Uid);
    }

    /// <summary>Whether the pod is bound exactly where a bind was assumed: the cache only catching up with the round.</summary>
    public bool Confirms(V1Pod pod) =>
        PodFacts.IsBound(pod) && _nodes.TryGetValue(pod.Metadata.Uid, out var node) && node == pod.Spec.NodeName;

    public void OnAdded(V1Pod obj) => Settle(obj);

    public void OnUpdated(V1Pod oldObj, V1Pod newObj) => Settle(newObj);

    public void OnDeleted(V1Pod obj) => Forget(obj);

    /// <summary>Forgets every assumption, as a new term starts from what the API server holds.</summary>
    public void Clear() => _nodes.Clear();

    private void Settle(V1Pod pod)
    {
        if (PodFacts.IsBound(pod))
        {
            _nodes.TryRemove(pod.Metadata.Uid, out _);
        }
    }
}
