using ClusterOperator.Runtime.Caching;
using ClusterOperator.Runtime.Metrics;
using ClusterOperator.Runtime.Resilience;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;

namespace ClusterOperator.Runtime.Informers;

/// <summary>
/// Keeps an <see cref="ObjectCache{T}"/> in step with the API server and tells handlers what changed.
/// <list type="number">
/// <item>List, replace the cache, and note the list's resourceVersion.</item>
/// <item>Watch from that version with bookmarks; apply each event and advance the version.</item>
/// <item>When the watch ends (server timeout, closed connection, silent for too long) resume from the last version.</item>
/// <item>When the server says that version is gone (410 Expired), relist at once.</item>
/// <item>Any other failure: retry with exponential backoff and jitter, forever, until cancelled.</item>
/// </list>
/// </summary>
public sealed partial class Informer<T> : IInformer
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    // A watch the server ends this quickly without a single event is a failure in disguise (a proxy or a server that
    // refuses streams with an empty 200): resuming at once would hammer it, so it backs off like an error.
    private static readonly TimeSpan ShortWatch = TimeSpan.FromSeconds(1);

    private readonly IListWatcher<T> _source;
    private readonly InformerOptions _options;
    private readonly RuntimeMetrics _metrics;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly ResiliencePipeline _reconnect;
    private readonly TaskCompletionSource _synced = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private IInformerHandler<T>[] _handlers = [];
    private Func<T, T>? _transform;

    // Only written by the run loop; read by others for diagnostics.
    private volatile string? _resourceVersion;
    private int _started;

    public Informer(IListWatcher<T> source, InformerOptions options, RuntimeMetrics metrics, TimeProvider timeProvider, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(options);
        _source = source;
        _options = options;
        _metrics = metrics;
        _timeProvider = timeProvider;
        _logger = logger;
        _reconnect = new ResiliencePipelineBuilder { TimeProvider = timeProvider }
            .AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = int.MaxValue,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.InitialBackoff,
                MaxDelay = options.MaxBackoff,
                ShouldHandle = args => ValueTask.FromResult(
                    args.Outcome.Exception is { } ex
                    && !(ex is OperationCanceledException && args.Context.CancellationToken.IsCancellationRequested)),

                // An expired version is routine (small server history): relist at once, but back off if it repeats.
                // A throttled call waits as long as the server asks.
                DelayGenerator = args => ValueTask.FromResult(args.Outcome.Exception switch
                {
                    ResourceExpiredException when args.AttemptNumber == 0 => TimeSpan.Zero,
                    { } ex => KubernetesErrors.RetryAfter(ex, timeProvider.GetUtcNow()) is { } hint && hint <= options.MaxBackoff ? hint : null,
                    _ => (TimeSpan?)null,
                }),
                OnRetry = args =>
                {
                    if (args.Outcome.Exception is ResourceExpiredException)
                    {
                        _resourceVersion = null;
                        LogExpired(_logger, Description);
                    }
                    else
                    {
                        LogRetrying(_logger, args.Outcome.Exception, Description, args.RetryDelay);
                    }

                    return ValueTask.CompletedTask;
                },
            })
            .Build();
    }

    public ObjectCache<T> Cache { get; } = new();

    public string Description => $"{_source.Resource} ({_source.Scope})";

    public bool HasSynced => _synced.Task.IsCompleted;

    /// <summary>The resourceVersion the next watch resumes from; null while a relist is due.</summary>
    public string? ResourceVersion => _resourceVersion;

    /// <summary>Adds a handler. Handlers are fixed once the informer runs, so none misses the first list.</summary>
    public void AddEventHandler(IInformerHandler<T> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        if (Volatile.Read(ref _started) != 0)
        {
            throw new InvalidOperationException($"Add handlers to the {Description} informer before it runs.");
        }

        _handlers = [.. _handlers, handler];
    }

    /// <summary>
    /// Shapes every object before it enters the cache or reaches a handler, on lists and on watch events alike, as
    /// controller-runtime's cache transforms do: keep only what the controllers read and the cache costs less memory.
    /// One transform per informer, set before it runs, because every reader of a shared informer sees its result.
    /// </summary>
    public void SetTransform(Func<T, T> transform)
    {
        ArgumentNullException.ThrowIfNull(transform);
        if (Volatile.Read(ref _started) != 0)
        {
            throw new InvalidOperationException($"Set the transform of the {Description} informer before it runs.");
        }

        if (_transform is not null && _transform != transform)
        {
            throw new InvalidOperationException($"The {Description} informer already has a different transform.");
        }

        _transform = transform;
    }

    public Task WaitForSyncAsync(CancellationToken cancellationToken) => _synced.Task.WaitAsync(cancellationToken);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _started, 1) != 0)
        {
            throw new InvalidOperationException($"The {Description} informer is already running.");
        }

        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await _reconnect.ExecuteAsync(StepAsync, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                break;
            }
        }
    }

    // One list when due, then one watch until it ends. Each call starts a fresh backoff sequence, so a watch that
    // ran fine and was closed by the server is resumed at once.
    private async ValueTask StepAsync(CancellationToken cancellationToken)
    {
        if (_resourceVersion is null)
        {
            await ListAsync(cancellationToken);
        }

        await WatchAsync(_resourceVersion!, cancellationToken);
    }

    private async Task ListAsync(CancellationToken cancellationToken)
    {
        var list = await _source.ListAsync(Prepare, cancellationToken);
        var delta = Cache.Replace(list.Items);
        foreach (var obj in delta.Added)
        {
            Notify(h => h.OnAdded(obj));
        }

        foreach (var (oldObj, newObj) in delta.Updated)
        {
            Notify(h => h.OnUpdated(oldObj, newObj));
        }

        foreach (var obj in delta.Deleted)
        {
            Notify(h => h.OnDeleted(obj));
        }

        _resourceVersion = list.ResourceVersion;
        LogListed(_logger, Description, list.Items.Count, list.ResourceVersion);
        _synced.TrySetResult();
    }

    private async Task WatchAsync(string resourceVersion, CancellationToken cancellationToken)
    {
        // The watchdog: re-armed by every event, it cancels a watch that has gone silent.
        using var idle = new CancellationTokenSource(_options.WatchIdleTimeout, _timeProvider);
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, idle.Token);
        var started = _timeProvider.GetTimestamp();
        var events = 0;
        try
        {
            await foreach (var evt in _source.WatchAsync(resourceVersion, attempt.Token))
            {
                idle.CancelAfter(_options.WatchIdleTimeout);
                events++;
                Apply(evt);
            }

            if (events == 0 && _timeProvider.GetElapsedTime(started) < ShortWatch)
            {
                throw new IOException($"Watch of {Description} ended at once without an event.");
            }

            LogWatchClosed(_logger, Description, _resourceVersion);
        }
        catch (OperationCanceledException) when (idle.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            LogWatchSilent(_logger, Description, _options.WatchIdleTimeout);
        }
        finally
        {
            if (!cancellationToken.IsCancellationRequested)
            {
                _metrics.WatchRestart(_source.Resource);
            }
        }
    }

    private void Apply(WatchEvent<T> evt)
    {
        var obj = Prepare(evt.Item);
        switch (evt.Type)
        {
            case WatchEventType.Added or WatchEventType.Modified:
                var old = Cache.Upsert(obj);
                Notify(old is null ? h => h.OnAdded(obj) : h => h.OnUpdated(old, obj));
                break;
            case WatchEventType.Deleted:
                Cache.Remove(ObjectKey.From(obj));
                Notify(h => h.OnDeleted(obj));
                break;
        }

        // Bookmarks only move the version on, so a resumed watch need not replay what we have seen.
        if (obj.Metadata?.ResourceVersion is { Length: > 0 } version)
        {
            _resourceVersion = version;
        }
    }

    private T Prepare(T obj)
    {
        if (_options.DropManagedFields && obj.Metadata is { } metadata)
        {
            metadata.ManagedFields = null;
        }

        return _transform is null ? obj : _transform(obj);
    }

    private void Notify(Action<IInformerHandler<T>> call)
    {
        foreach (var handler in _handlers)
        {
            try
            {
                call(handler);
            }
#pragma warning disable CA1031 // One faulty handler must not stop the cache or the other handlers.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                LogHandlerFailed(_logger, ex, Description);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Listed {Informer}: {Count} objects at resourceVersion {ResourceVersion}")]
    private static partial void LogListed(ILogger logger, string informer, int count, string resourceVersion);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Watch of {Informer} closed by the server at {ResourceVersion}; resuming")]
    private static partial void LogWatchClosed(ILogger logger, string informer, string? resourceVersion);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Watch of {Informer} silent for {Timeout}; restarting it")]
    private static partial void LogWatchSilent(ILogger logger, string informer, TimeSpan timeout);

    [LoggerMessage(Level = LogLevel.Information, Message = "Watch of {Informer} expired (410); relisting")]
    private static partial void LogExpired(ILogger logger, string informer);

    [LoggerMessage(Level = LogLevel.Warning, Message = "List/watch of {Informer} failed; retrying in {Delay}")]
    private static partial void LogRetrying(ILogger logger, Exception? exception, string informer, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Error, Message = "An event handler of {Informer} failed")]
    private static partial void LogHandlerFailed(ILogger logger, Exception exception, string informer);
}
