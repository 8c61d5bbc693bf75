using System.Threading.Channels;
using ClusterOperator.Sandbox.Server;
using ClusterOperator.Sandbox.Storage;

namespace ClusterOperator.Sandbox.Controllers;

/// <summary>
/// An in-process controller fed by an unbounded internal watch of every change, processed one at a time on
/// a background task, so a controller never needs locking of its own.
/// </summary>
internal abstract class StoreController : IAsyncDisposable
{
    private readonly WatchSubscription _subscription;
    private readonly CancellationTokenSource _stopping = new();
    private Task _loop = Task.CompletedTask;

    protected StoreController(ApiOperations operations, GroupResource? resource)
    {
        Operations = operations;
        _subscription = operations.Store.Watch(resource, null, static _ => true, operations.Store.ResourceVersion,
            bookmarks: false, markInitialEventsEnd: false, capacity: 0);
    }

    protected ApiOperations Operations { get; }

    protected CancellationToken Stopping => _stopping.Token;

    public void Start() => _loop = Task.Run(() => RunAsync(_stopping.Token));

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _subscription.Dispose();
        await _loop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        await DisposeCoreAsync();
        _stopping.Dispose();
        GC.SuppressFinalize(this);
    }

    protected abstract void Process(WatchMessageKind kind, StoredObject changed);

    protected virtual ValueTask DisposeCoreAsync() => ValueTask.CompletedTask;

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var message in _subscription.Reader.ReadAllAsync(cancellationToken))
            {
                if (message.Object is { } changed)
                {
                    Process(message.Kind, changed);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Shutting down.
        }
        catch (ChannelClosedException)
        {
            // Shutting down.
        }
    }
}
