using System.Runtime.CompilerServices;
using System.Threading.Channels;
using ClusterOperator.Runtime.Informers;
using k8s;
using k8s.Models;

namespace ClusterOperator.Runtime.Tests.Support;

/// <summary>
/// An in-memory list/watch source the test drives: it serves a list, hands out one watch stream at a time and lets
/// the test push events into it, close it, break it, or make the next watch expire.
/// </summary>
public sealed class FakeListWatcher : IListWatcher<V1Pod>
{
    private readonly Lock _gate = new();
    private Channel<WatchEvent<V1Pod>>? _watch;

    public string Resource => "pods";

    public ResourceScope Scope => ResourceScope.All;

    /// <summary>What the next list returns.</summary>
    public List<V1Pod> Items { get; } = [];

    public string ListVersion { get; set; } = "1";

    public int Lists { get; private set; }

    /// <summary>The resourceVersion each watch was opened from, in order.</summary>
    public List<string> WatchedFrom { get; } = [];

    /// <summary>Failures the next lists throw, one each.</summary>
    public Queue<Exception> ListFailures { get; } = new();

    /// <summary>When set, the next watch fails with 410 Expired at once.</summary>
    public bool ExpireNextWatch { get; set; }

    public int WatchCount
    {
        get
        {
            lock (_gate)
            {
                return WatchedFrom.Count;
            }
        }
    }

    public Task<ListResult<V1Pod>> ListAsync(Func<V1Pod, V1Pod> prepare, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            Lists++;
            if (ListFailures.TryDequeue(out var failure))
            {
                throw failure;
            }

            return Task.FromResult(new ListResult<V1Pod>([.. Items.Select(KubernetesObjects.Clone).Select(prepare)], ListVersion));
        }
    }

    public async IAsyncEnumerable<WatchEvent<V1Pod>> WatchAsync(string resourceVersion, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        Channel<WatchEvent<V1Pod>> channel;
        lock (_gate)
        {
            WatchedFrom.Add(resourceVersion);
            if (ExpireNextWatch)
            {
                ExpireNextWatch = false;
                throw new ResourceExpiredException("too old");
            }

            channel = Channel.CreateUnbounded<WatchEvent<V1Pod>>();
            _watch = channel;
        }

        await foreach (var evt in channel.Reader.ReadAllAsync(cancellationToken))
        {
            yield return evt;
        }
    }

    public void Send(WatchEventType type, V1Pod pod) => Current().Writer.TryWrite(new(type, pod));

    public void Bookmark(string resourceVersion) =>
        Send(WatchEventType.Bookmark, new V1Pod { Metadata = new V1ObjectMeta { ResourceVersion = resourceVersion } });

    /// <summary>The server ends the current watch normally.</summary>
    public void CloseWatch() => Current().Writer.TryComplete();

    /// <summary>The current watch breaks with <paramref name="error"/>.</summary>
    public void BreakWatch(Exception error) => Current().Writer.TryComplete(error);

    private Channel<WatchEvent<V1Pod>> Current()
    {
        lock (_gate)
        {
            return _watch ?? throw new InvalidOperationException("No watch open.");
        }
    }
}
