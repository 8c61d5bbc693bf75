using System.Runtime.CompilerServices;
using System.Text.Json;
using ClusterOperator.Runtime.Resilience;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace ClusterOperator.Runtime.Informers;

/// <summary>
/// List and watch through KubernetesClient's generic object calls, which serve built-in kinds (empty group → <c>/api/v1</c>)
/// and custom resources through one path, with resourceVersion, bookmarks, selectors and server-side timeouts.
/// </summary>
public sealed class KubernetesListWatcher<T> : IListWatcher<T>
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    private readonly IKubernetes _client;
    private readonly ApiResource _resource;
    private readonly TimeSpan _watchTimeout;
    private readonly Action<JsonElement, Exception>? _onUnreadable;

    /// <summary>
    /// <paramref name="watchTimeout"/> is asked of the server as timeoutSeconds, so even a healthy watch is renewed now
    /// and then; <paramref name="onUnreadable"/> is told of each object left out because it does not read as <typeparamref name="T"/>.
    /// </summary>
    public KubernetesListWatcher(IKubernetes client, ApiResource resource, ResourceScope scope, TimeSpan watchTimeout, Action<JsonElement, Exception>? onUnreadable = null)
    {
        _client = client;
        _resource = resource;
        Scope = scope;
        _watchTimeout = watchTimeout;
        _onUnreadable = onUnreadable;
    }

    public string Resource => _resource.ToString();

    public ResourceScope Scope { get; }

    public async Task<ListResult<T>> ListAsync(Func<T, T> prepare, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(prepare);
        using var response = await SendListAsync(cancellationToken);
        var list = response.Body;
        var items = new List<T>();
        if (list.TryGetProperty("items", out var array) && array.ValueKind == JsonValueKind.Array)
        {
            items.Capacity = array.GetArrayLength();
            foreach (var element in array.EnumerateArray())
            {
                if (Read(element) is { } item)
                {
                    items.Add(prepare(item));
                }
            }
        }

        var version = list.TryGetProperty("metadata", out var metadata) && metadata.TryGetProperty("resourceVersion", out var text) ? text.GetString() : null;
        return new(items, version ?? string.Empty);
    }

    public async IAsyncEnumerable<WatchEvent<T>> WatchAsync(string resourceVersion, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // The client reports ERROR events (a Status object) through this callback rather than the stream;
        // the HTTP status of a refused watch surfaces on the first MoveNext.
        Exception? streamError = null;
        var stream = OpenWatch(resourceVersion, ex => streamError ??= ex, cancellationToken);

        await using var events = stream.GetAsyncEnumerator(cancellationToken);
        while (true)
        {
            bool more;
            try
            {
                more = await events.MoveNextAsync();
            }
            catch (HttpOperationException ex) when (KubernetesErrors.IsExpired(ex))
            {
                throw new ResourceExpiredException($"Watch of {Resource} from {resourceVersion} expired.", ex);
            }

            ThrowIfStreamFailed(streamError, resourceVersion);
            if (!more)
            {
                yield break;
            }

            var (type, obj) = events.Current;
            if ((obj as T ?? Read((JsonElement)obj)) is { } item)
            {
                yield return new(type, item);
            }
        }
    }

    /// <summary>
    /// One object that does not read as <typeparamref name="T"/> (say, a wrong type inside a template whose unknown
    /// fields the schema preserves) is left out, rather than failing every list and watch and so starving the
    /// controllers of every other object; <c>onUnreadable</c> hears of it.
    /// </summary>
    private T? Read(JsonElement element)
    {
        try
        {
            return KubernetesJson.Deserialize<T>(element);
        }
#pragma warning disable CA1031 // Whatever the model's converters throw, one object must not stop the informer.
        catch (Exception error)
#pragma warning restore CA1031
        {
            _onUnreadable?.Invoke(element, error);
            return null;
        }
    }

    private void ThrowIfStreamFailed(Exception? error, string resourceVersion)
    {
        switch (error)
        {
            case null:
                return;
            case var e when KubernetesErrors.IsExpired(e):
                throw new ResourceExpiredException($"Watch of {Resource} from {resourceVersion} expired.", e);
            default:
                throw new IOException($"Watch of {Resource} failed: {error.Message}", error);
        }
    }

    private Task<HttpOperationResponse<JsonElement>> SendListAsync(CancellationToken cancellationToken) =>
        Scope.Namespace is { } ns
            ? _client.CustomObjects.ListNamespacedCustomObjectWithHttpMessagesAsync<JsonElement>(
                _resource.Group,
                _resource.Version,
                ns,
                _resource.Plural,
                fieldSelector: Scope.FieldSelector,
                labelSelector: Scope.LabelSelector,
                cancellationToken: cancellationToken)
            : _client.CustomObjects.ListClusterCustomObjectWithHttpMessagesAsync<JsonElement>(
                _resource.Group,
                _resource.Version,
                _resource.Plural,
                fieldSelector: Scope.FieldSelector,
                labelSelector: Scope.LabelSelector,
                cancellationToken: cancellationToken);

    // The generic watch yields each object as a JsonElement; WatchAsync turns it into T.
    private IAsyncEnumerable<(WatchEventType, object)> OpenWatch(string resourceVersion, Action<Exception> onError, CancellationToken cancellationToken) =>
        Scope.Namespace is { } ns
            ? _client.CustomObjects.WatchListNamespacedCustomObjectAsync(
                _resource.Group,
                _resource.Version,
                ns,
                _resource.Plural,
                allowWatchBookmarks: true,
                fieldSelector: Scope.FieldSelector,
                labelSelector: Scope.LabelSelector,
                resourceVersion: resourceVersion,
                timeoutSeconds: (int)_watchTimeout.TotalSeconds,
                onError: onError,
                cancellationToken: cancellationToken)
            : _client.CustomObjects.WatchListClusterCustomObjectAsync(
                _resource.Group,
                _resource.Version,
                _resource.Plural,
                allowWatchBookmarks: true,
                fieldSelector: Scope.FieldSelector,
                labelSelector: Scope.LabelSelector,
                resourceVersion: resourceVersion,
                timeoutSeconds: (int)_watchTimeout.TotalSeconds,
                onError: onError,
                cancellationToken: cancellationToken);
}
