using System.Text.Json;
using ClusterOperator.Runtime.Metrics;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace ClusterOperator.Runtime.Informers;

/// <summary>
/// One informer per (kind, resource, scope), shared by every controller that asks for it, so each resource is
/// listed and watched once and all controllers read the same cache. Ask for informers first, then run them all.
/// </summary>
public sealed class SharedInformerFactory
{
    private readonly IKubernetes _client;
    private readonly InformerOptions _options;
    private readonly RuntimeMetrics _metrics;
    private readonly TimeProvider _timeProvider;
    private readonly ILoggerFactory _loggerFactory;
    private readonly Lock _gate = new();
    private readonly Dictionary<(Type, ApiResource, ResourceScope), IInformer> _informers = [];
    private bool _started;

    public SharedInformerFactory(IKubernetes client, InformerOptions options, RuntimeMetrics metrics, TimeProvider timeProvider, ILoggerFactory loggerFactory)
    {
        _client = client;
        _options = options;
        _metrics = metrics;
        _timeProvider = timeProvider;
        _loggerFactory = loggerFactory;
    }

    /// <summary>Told of every listed or watched object that does not read as its informer's type, and of which resource it is.</summary>
    public Action<ApiResource, JsonElement, Exception>? OnUnreadable { get; init; }

    public IReadOnlyList<IInformer> Informers
    {
        get
        {
            lock (_gate)
            {
                return [.. _informers.Values];
            }
        }
    }

    /// <summary>True once every informer has loaded its first list.</summary>
    public bool HasSynced => Informers.All(i => i.HasSynced);

    /// <summary>The shared informer of <typeparamref name="T"/> in <paramref name="scope"/> (default: all namespaces, no selectors).</summary>
    /// <param name="scope">Namespace and selectors; informers differ by scope.</param>
    /// <param name="resource">Needed only for kinds without a <see cref="KubernetesEntityAttribute"/>.</param>
    public Informer<T> GetInformer<T>(ResourceScope? scope = null, ApiResource? resource = null)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        scope ??= ResourceScope.All;
        resource ??= ApiResource.For<T>();
        lock (_gate)
        {
            if (_informers.TryGetValue((typeof(T), resource, scope), out var existing))
            {
                return (Informer<T>)existing;
            }

            if (_started)
            {
                throw new InvalidOperationException($"Informer for {resource} ({scope}) requested after the factory started; request every informer before RunAsync.");
            }

            var informer = new Informer<T>(
                new KubernetesListWatcher<T>(_client, resource, scope, _options.WatchTimeout, OnUnreadable is { } report ? (item, error) => report(resource, item, error) : null),
                _options,
                _metrics,
                _timeProvider,
                _loggerFactory.CreateLogger<Informer<T>>());
            _informers[(typeof(T), resource, scope)] = informer;
            return informer;
        }
    }

    /// <summary>Runs every informer until cancelled.</summary>
    public Task RunAsync(CancellationToken cancellationToken)
    {
        IReadOnlyList<IInformer> informers;
        lock (_gate)
        {
            _started = true;
            informers = [.. _informers.Values];
        }

        return Task.WhenAll(informers.Select(i => Task.Run(() => i.RunAsync(cancellationToken), CancellationToken.None)));
    }

    /// <summary>Completes when every informer has synced.</summary>
    public Task WaitForSyncAsync(CancellationToken cancellationToken) =>
        Task.WhenAll(Informers.Select(i => i.WaitForSyncAsync(cancellationToken)));
}
