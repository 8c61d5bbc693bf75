namespace ClusterOperator.Sandbox.Storage;

/// <summary>
/// A fixed-size ring of the most recent changes, which is what a watch can resume from. Only accessed
/// with the store lock held.
/// </summary>
internal sealed class EventHistory
{
    private readonly StoreEvent[] _ring;
    private int _start;
    private int _count;

    public EventHistory(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _ring = new StoreEvent[capacity];
    }

    /// <summary>The highest resourceVersion that has been dropped from the ring; watches from below it get 410.</summary>
    public long CompactedThrough { get; private set; }

    public void Append(StoreEvent change)
    {
        if (_count == _ring.Length)
        {
            CompactedThrough = _ring[_start].ResourceVersion;
            _ring[_start] = change;
            _start = (_start + 1) % _ring.Length;
            return;
        }

        _ring[(_start + _count) % _ring.Length] = change;
        _count++;
    }

    /// <summary>Changes strictly after the given version, oldest first.</summary>
    public IEnumerable<StoreEvent> After(long resourceVersion)
    {
        for (var index = 0; index < _count; index++)
        {
            var change = _ring[(_start + index) % _ring.Length];
            if (change.ResourceVersion > resourceVersion)
            {
                yield return change;
            }
        }
    }

    /// <summary>Drops everything, as an etcd compaction would; later watches from older versions get 410.</summary>
    public void Compact(long throughResourceVersion)
    {
        CompactedThrough = Math.Max(CompactedThrough, throughResourceVersion);
        _start = 0;
        _count = 0;
        Array.Clear(_ring);
    }
}
