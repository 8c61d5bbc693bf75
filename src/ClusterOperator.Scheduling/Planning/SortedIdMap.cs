using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace ClusterOperator.Scheduling.Planning;

/// <summary>
/// A read-only map over ids in ordinal order, looked up by binary search. A plan's per-workload maps are
/// written in id order anyway, so building one costs two array writes per entry and no string hashing.
/// </summary>
internal sealed class SortedIdMap<TValue> : IReadOnlyDictionary<string, TValue>
{
    private readonly string[] _keys;
    private readonly TValue[] _values;

    /// <param name="keys">Distinct ids in ordinal order; the map keeps the first <paramref name="count"/>.</param>
    /// <param name="values">The value of each id, at its index.</param>
    /// <param name="count">Entries in use.</param>
    public SortedIdMap(string[] keys, TValue[] values, int count)
    {
        _keys = keys;
        _values = values;
        Count = count;
    }

    public int Count { get; }

    public IEnumerable<string> Keys => _keys.Take(Count);

    public IEnumerable<TValue> Values => _values.Take(Count);

    public TValue this[string key] => IndexOf(key) is var i and >= 0 ? _values[i] : throw new KeyNotFoundException($"no entry for id '{key}'");

    public bool ContainsKey(string key) => IndexOf(key) >= 0;

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out TValue value)
    {
        var i = IndexOf(key);
        value = i >= 0 ? _values[i] : default!;
        return i >= 0;
    }

    public IEnumerator<KeyValuePair<string, TValue>> GetEnumerator()
    {
        for (var i = 0; i < Count; i++)
        {
            yield return new KeyValuePair<string, TValue>(_keys[i], _values[i]);
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private int IndexOf(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        int low = 0, high = Count - 1;
        while (low <= high)
        {
            var mid = (low + high) >> 1;
            var c = string.CompareOrdinal(_keys[mid], key);
            if (c == 0)
            {
                return mid;
            }

            (low, high) = c < 0 ? (mid + 1, high) : (low, mid - 1);
        }

        return -1;
    }
}
