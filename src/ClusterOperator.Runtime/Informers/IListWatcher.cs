using k8s;
using k8s.Models;

namespace ClusterOperator.Runtime.Informers;

/// <summary>The two calls an informer needs from the API server for one resource and scope.</summary>
public interface IListWatcher<T>
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    /// <summary>Names the resource in logs and metrics.</summary>
    string Resource { get; }

    ResourceScope Scope { get; }

    /// <summary>
    /// Lists every object, passing each through <paramref name="prepare"/> as soon as it is read and before the next
    /// is, so a relist holds the prepared objects and never the whole list as the server sent it.
    /// </summary>
    Task<ListResult<T>> ListAsync(Func<T, T> prepare, CancellationToken cancellationToken);

    /// <summary>
    /// Streams changes after <paramref name="resourceVersion"/> until the server closes the stream.
    /// Throws <see cref="ResourceExpiredException"/> when that version is too old.
    /// </summary>
    IAsyncEnumerable<WatchEvent<T>> WatchAsync(string resourceVersion, CancellationToken cancellationToken);
}
