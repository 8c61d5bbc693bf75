using ClusterOperator.Runtime.Informers;

namespace ClusterOperator.Operator;

/// <summary>Calls <paramref name="forget"/> when an object is deleted, so per-object tables hold only live objects.</summary>
internal sealed class ForgetHandler<T>(Action<T> forget) : IInformerHandler<T>
{
    public void OnAdded(T obj)
    {
        // Nothing to forget yet.
    }

    public void OnUpdated(T oldObj, T newObj)
    {
        // Still alive.
    }

    public void OnDeleted(T obj) => forget(obj);
}
