using System.Text.Json.Nodes;
using System.Threading.Channels;

namespace ClusterOperator.Sandbox.Storage;

/// <summary>
/// A registered watch. The store writes into its channel while holding the store lock, so messages arrive
/// in resourceVersion order with no gaps; a watcher that falls too far behind is closed, like a slow
/// watcher on a real API server, and its client re-watches from the last version it saw.
/// </summary>
internal sealed class WatchSubscription : IDisposable
{
    private readonly Action<WatchSubscription> _unregister;
    private readonly Channel<WatchMessage> _channel;

    public WatchSubscription(
        GroupResource? resource,
        string? namespaceFilter,
        Func<JsonObject, bool> predicate,
        bool bookmarks,
        int capacity,
        Action<WatchSubscription> unregister)
    {
        Resource = resource;
        Namespace = namespaceFilter;
        Predicate = predicate;
        Bookmarks = bookmarks;
        _unregister = unregister;
        _channel = capacity > 0
            ? Channel.CreateBounded<WatchMessage>(new BoundedChannelOptions(capacity)
            {
                SingleReader = true,
                FullMode = BoundedChannelFullMode.Wait,
            })
            : Channel.CreateUnbounded<WatchMessage>(new UnboundedChannelOptions { SingleReader = true });
    }

    public GroupResource? Resource { get; }

    public string? Namespace { get; }

    public Func<JsonObject, bool> Predicate { get; }

    public bool Bookmarks { get; }

    public ChannelReader<WatchMessage> Reader => _channel.Reader;

    /// <summary>Set when the watcher fell behind and was closed.</summary>
    public bool Overflowed { get; private set; }

    public bool Matches(StoredObject obj) =>
        (Namespace is null || Namespace == obj.Namespace) && Predicate(obj.Object);

    /// <summary>Called with the store lock held.</summary>
    public void Deliver(StoreEvent change)
    {
        var now = Matches(change.Object);
        var before = change.Previous is not null && Matches(change.Previous);
        var kind = change.Type switch
        {
            StoreEventType.Added when now => WatchMessageKind.Added,
            StoreEventType.Deleted when now || before => WatchMessageKind.Deleted,
            StoreEventType.Modified when now && before => WatchMessageKind.Modified,
            StoreEventType.Modified when now => WatchMessageKind.Added,
            StoreEventType.Modified when before => WatchMessageKind.Deleted,
            _ => (WatchMessageKind?)null,
        };
        if (kind is { } found)
        {
            Write(new WatchMessage(found, change.Object, change.ResourceVersion));
        }
    }

    public void Write(WatchMessage message)
    {
        if (!_channel.Writer.TryWrite(message))
        {
            Overflowed = true;
            _channel.Writer.TryComplete();
        }
    }

    public void Complete() => _channel.Writer.TryComplete();

    public void Dispose()
    {
        _unregister(this);
        _channel.Writer.TryComplete();
    }
}
