using ClusterOperator.Runtime.Queueing;

namespace ClusterOperator.Runtime.Informers;

/// <summary>
/// Turns every change into work-queue keys: the object's own key, or keys mapped from it (a pod's run, a node's pods).
/// On update both old and new objects are mapped, so a label that moved still wakes its former owner. An optional
/// predicate skips updates that cannot matter to the queue's reconciler (controller-runtime's update predicates).
/// </summary>
public sealed class EnqueueHandler<T>(WorkQueue<ObjectKey> queue, Func<T, IEnumerable<ObjectKey>> keys, Func<T, T, bool>? updateMatters = null) : IInformerHandler<T>
{
    public void OnAdded(T obj) => Enqueue(obj);

    public void OnUpdated(T oldObj, T newObj)
    {
        if (updateMatters is not null && !updateMatters(oldObj, newObj))
        {
            return;
        }

        Enqueue(oldObj);
        Enqueue(newObj);
    }

    public void OnDeleted(T obj) => Enqueue(obj);

    private void Enqueue(T obj)
    {
        foreach (var key in keys(obj))
        {
            queue.Add(key);
        }
    }
}
