using ClusterOperator.Runtime.Informers;
using k8s;
using k8s.Models;

namespace ClusterOperator.Runtime.Tests.Support;

/// <summary>Counts the lists and watches an informer makes, to tell a resume from a relist.</summary>
public sealed class CountingListWatcher<T>(IListWatcher<T> inner) : IListWatcher<T>
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    private int _lists;
    private int _watches;

    public int Lists => Volatile.Read(ref _lists);

    public int Watches => Volatile.Read(ref _watches);

    public string Resource => inner.Resource;

    public ResourceScope Scope => inner.Scope;

    public Task<ListResult<T>> ListAsync(Func<T, T> prepare, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _lists);
        return inner.ListAsync(prepare, cancellationToken);
    }

    public IAsyncEnumerable<WatchEvent<T>> WatchAsync(string resourceVersion, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _watches);
        return inner.WatchAsync(resourceVersion, cancellationToken);
    }
}
