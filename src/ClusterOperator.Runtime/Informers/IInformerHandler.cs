namespace ClusterOperator.Runtime.Informers;

/// <summary>
/// Receives an informer's changes, in order, on the informer's loop. Handlers must be quick (enqueue a key and
/// return): a slow handler delays every other event of the resource.
/// </summary>
public interface IInformerHandler<in T>
{
    void OnAdded(T obj);

    void OnUpdated(T oldObj, T newObj);

    void OnDeleted(T obj);
}
