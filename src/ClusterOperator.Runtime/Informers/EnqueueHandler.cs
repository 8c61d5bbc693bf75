using ClusterOperator.Runtime.Queueing;

namespace ClusterOperator.Runtime.Informers;

/// <summary>
/// Turns every change into work-queue keys: the object's own key, or keys mapped from it (a pod's run, a node's pods).
/// On update both old and new objects are mapped, so a label that moved still wakes its former owner.
/// </summary>
public sealed class EnqueueHandler<T>(WorkQueue<ObjectKey> queue, Func<T, IEnumerable<ObjectKey>> keys) : IInformerHandler<T>
{
    public void OnAdded(T obj) => Enqueue(obj);

    public void OnUpdated(T oldObj, T newObj)
    {
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
