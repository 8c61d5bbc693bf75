using System.Diagnostics.CodeAnalysis;
using ClusterOperator.Runtime.Metrics;

namespace ClusterOperator.Runtime.Queueing;

/// <summary>
/// A controller work queue in the client-go shape:
/// <list type="bullet">
/// <item>a key added many times before it is taken is processed once (dedupe);</item>
/// <item>a key is never handed to two workers at once: added while being processed, it is queued again only at <see cref="Done"/>;</item>
/// <item>keys can come back after a delay (<see cref="AddAfter"/>) or after a per-key exponential backoff (<see cref="AddRateLimited"/>).</item>
/// </list>
/// Every taken key must be given back with <see cref="Done"/>.
/// </summary>
[SuppressMessage("Naming", "CA1711", Justification = "Work queue is the established controller term (client-go, controller-runtime).")]
public sealed class WorkQueue<T> : IDisposable
    where T : notnull
{
    private readonly Lock _gate = new();
    private readonly Queue<T> _ready = new();

    // Keys that need processing: queued, or added again while being processed.
    private readonly HashSet<T> _dirty = [];
    private readonly HashSet<T> _processing = [];

    // Delayed keys. The priority queue may hold stale entries; _dueAt has the one that counts.
    private readonly PriorityQueue<T, DateTimeOffset> _delayed = new();
    private readonly Dictionary<T, DateTimeOffset> _dueAt = [];
    private readonly ItemBackoff<T> _backoff;
    private readonly TimeProvider _timeProvider;
    private readonly ITimer _timer;
    private readonly IDisposable? _metricsRegistration;

    // One permit per key in _ready, so takers wait without polling.
    private readonly SemaphoreSlim _available = new(0);
    private DateTimeOffset _timerDue = DateTimeOffset.MaxValue;
    private bool _disposed;

    public WorkQueue(string name, WorkQueueOptions options, TimeProvider timeProvider, RuntimeMetrics? metrics = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        Name = name;
        _timeProvider = timeProvider;
        _backoff = new(options.BaseDelay, options.MaxDelay);
        _timer = timeProvider.CreateTimer(_ => ReleaseDue(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _metricsRegistration = metrics?.RegisterQueue(name, () => Depth);
    }

    public string Name { get; }

    /// <summary>Keys ready to be taken now.</summary>
    public int Depth
    {
        get
        {
            lock (_gate)
            {
                return _ready.Count;
            }
        }
    }

    /// <summary>Keys waiting for their delay to pass.</summary>
    public int DelayedCount
    {
        get
        {
            lock (_gate)
            {
                return _dueAt.Count;
            }
        }
    }

    public void Add(T item)
    {
        bool queued;
        lock (_gate)
        {
            queued = AddLocked(item);
        }

        if (queued)
        {
            _available.Release();
        }
    }

    /// <summary>Adds <paramref name="item"/> once <paramref name="delay"/> has passed. A key already waiting keeps the earlier of its two due times.</summary>
    public void AddAfter(T item, TimeSpan delay)
    {
        if (delay <= TimeSpan.Zero)
        {
            Add(item);
            return;
        }

        lock (_gate)
        {
            var due = _timeProvider.GetUtcNow() + delay;
            if (_dueAt.TryGetValue(item, out var existing) && existing <= due)
            {
                return;
            }

            _dueAt[item] = due;
            _delayed.Enqueue(item, due);
            if (due < _timerDue)
            {
                ArmTimerLocked(due);
            }
        }
    }

    /// <summary>Adds <paramref name="item"/> after its exponential backoff, and counts one more failure for it.</summary>
    public void AddRateLimited(T item)
    {
        TimeSpan delay;
        lock (_gate)
        {
            delay = _backoff.Next(item);
        }

        AddAfter(item, delay);
    }

    /// <summary>Resets the backoff of <paramref name="item"/> after it was processed successfully.</summary>
    public void Forget(T item)
    {
        lock (_gate)
        {
            _backoff.Forget(item);
        }
    }

    /// <summary>How many rate-limited requeues <paramref name="item"/> has had since it was last forgotten.</summary>
    public int NumRequeues(T item)
    {
        lock (_gate)
        {
            return _backoff.Failures(item);
        }
    }

    /// <summary>Waits for a key and marks it as being processed. Give it back with <see cref="Done"/>.</summary>
    public async Task<T> TakeAsync(CancellationToken cancellationToken)
    {
        await _available.WaitAsync(cancellationToken);
        lock (_gate)
        {
            var item = _ready.Dequeue();
            _dirty.Remove(item);
            _processing.Add(item);
            return item;
        }
    }

    /// <summary>Marks <paramref name="item"/> as processed; if it was added meanwhile, it is queued again now.</summary>
    public void Done(T item)
    {
        bool queued = false;
        lock (_gate)
        {
            if (_processing.Remove(item) && _dirty.Contains(item))
            {
                _ready.Enqueue(item);
                queued = true;
            }
        }

        if (queued)
        {
            _available.Release();
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            // A timer callback already running must not release a disposed semaphore.
            _disposed = true;
        }

        _timer.Dispose();
        _metricsRegistration?.Dispose();
        _available.Dispose();
    }

    private bool AddLocked(T item)
    {
        if (!_dirty.Add(item) || _processing.Contains(item))
        {
            return false;
        }

        _ready.Enqueue(item);
        return true;
    }

    private void ArmTimerLocked(DateTimeOffset due)
    {
        _timerDue = due;
        var wait = due - _timeProvider.GetUtcNow();
        _timer.Change(wait > TimeSpan.Zero ? wait : TimeSpan.Zero, Timeout.InfiniteTimeSpan);
    }

    private void ReleaseDue()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            var now = _timeProvider.GetUtcNow();
            _timerDue = DateTimeOffset.MaxValue;
            var released = 0;
            while (_delayed.TryPeek(out var item, out var due))
            {
                if (!_dueAt.TryGetValue(item, out var current) || current != due)
                {
                    _delayed.Dequeue(); // superseded by an earlier due time
                    continue;
                }

                if (due > now)
                {
                    ArmTimerLocked(due);
                    break;
                }

                _delayed.Dequeue();
                _dueAt.Remove(item);
                if (AddLocked(item))
                {
                    released++;
                }
            }

            // Released under the lock so Dispose cannot slip in between; waiters resume asynchronously, not inline.
            if (released > 0)
            {
                _available.Release(released);
            }
        }
    }
}
