using ClusterOperator.Api.Model;
using ClusterOperator.Runtime;
using ClusterOperator.Runtime.Informers;
using ClusterOperator.Runtime.Queueing;
using ClusterOperator.Scheduler;
using k8s.Models;

namespace ClusterOperator.Operator;

/// <summary>
/// Wakes the runs and experiments with pods on a node whose readiness changed, or that went away: once at once,
/// and once more when the node has been NotReady for <c>NodeLostAfter</c>, the moment its pods count as lost.
/// Heartbeats that change nothing wake no one.
/// </summary>
internal sealed class NodeLossHandler(OperatorCaches caches, WorkQueue<ObjectKey> runs, WorkQueue<ObjectKey> ideas, TimeSpan lostAfter) : IInformerHandler<V1Node>
{
    // A little past the grace, so the owner's reconcile sees the node as lost rather than just short of it.
    private static readonly TimeSpan Margin = TimeSpan.FromSeconds(1);

    public void OnAdded(V1Node obj)
    {
        // A new node holds no pods of ours yet.
    }

    public void OnUpdated(V1Node oldObj, V1Node newObj)
    {
        if (NodeTranslator.IsReady(oldObj) != NodeTranslator.IsReady(newObj))
        {
            Wake(newObj.Metadata.Name, NodeTranslator.IsReady(newObj) ? null : lostAfter + Margin);
        }
    }

    public void OnDeleted(V1Node obj) => Wake(obj.Metadata.Name, null);

    private void Wake(string node, TimeSpan? again)
    {
        foreach (var pod in caches.PodsOn(node))
        {
            foreach (var owner in pod.Metadata.OwnerReferences?.Where(o => o.Controller == true) ?? [])
            {
                var queue = owner.Kind switch
                {
                    TrainingRun.KubeKind => runs,
                    IdeaExperiment.KubeKind => ideas,
                    _ => null,
                };
                var key = new ObjectKey(pod.Metadata.NamespaceProperty, owner.Name);
                queue?.Add(key);
                if (again is { } delay)
                {
                    queue?.AddAfter(key, delay);
                }
            }
        }
    }
}
