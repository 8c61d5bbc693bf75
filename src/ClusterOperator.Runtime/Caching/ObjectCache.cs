using k8s;
using k8s.Models;

namespace ClusterOperator.Runtime.Caching;

/// <summary>
/// A thread-safe, indexed, in-memory store of objects by <see cref="ObjectKey"/>, fed by an informer.
/// Objects handed out are the cached instances: treat them as read-only and clone before changing one
/// (see <see cref="KubernetesObjects.Clone{T}"/>), or every reader sees the change.
/// </summary>
public sealed class ObjectCache<T>
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    /// <summary>The built-in index of objects by namespace.</summary>
    public const string NamespaceIndex = "namespace";

    private readonly Lock _gate = new();
    private readonly Dictionary<ObjectKey, T> _items = [];
    private readonly Dictionary<string, IndexFunc<T>> _indexFuncs = new(StringComparer.Ordinal);

    // index name -> index value -> keys. Kept in step with _items under _gate.
    private readonly Dictionary<string, Dictionary<string, HashSet<ObjectKey>>> _indexes = new(StringComparer.Ordinal);

    public ObjectCache()
    {
        AddIndex(NamespaceIndex, Indexers.Namespace<T>());
    }

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _items.Count;
            }
        }
    }

    /// <summary>Adds an index; objects already cached are indexed at once.</summary>
    public void AddIndex(string name, IndexFunc<T> indexFunc)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(indexFunc);
        lock (_gate)
        {
            if (!_indexFuncs.TryAdd(name, indexFunc))
            {
                throw new InvalidOperationException($"Index '{name}' already exists.");
            }

            _indexes[name] = new(StringComparer.Ordinal);
            foreach (var (key, obj) in _items)
            {
                AddToIndex(name, indexFunc, key, obj);
            }
        }
    }

    public T? Get(ObjectKey key)
    {
        lock (_gate)
        {
            return _items.GetValueOrDefault(key);
        }
    }

    public bool TryGet(ObjectKey key, out T? obj)
    {
        lock (_gate)
        {
            return _items.TryGetValue(key, out obj);
        }
    }

    /// <summary>A snapshot of every cached object.</summary>
    public IReadOnlyList<T> List()
    {
        lock (_gate)
        {
            return [.. _items.Values];
        }
    }

    /// <summary>A snapshot of every cached key.</summary>
    public IReadOnlyList<ObjectKey> Keys()
    {
        lock (_gate)
        {
            return [.. _items.Keys];
        }
    }

    /// <summary>The objects whose index <paramref name="indexName"/> contains <paramref name="value"/>.</summary>
    public IReadOnlyList<T> ByIndex(string indexName, string value)
    {
        lock (_gate)
        {
            if (!_indexes.TryGetValue(indexName, out var index))
            {
                throw new KeyNotFoundException($"No index named '{indexName}'.");
            }

            return index.TryGetValue(value, out var keys) ? [.. keys.Select(k => _items[k])] : [];
        }
    }

    /// <summary>The values an index currently holds, e.g. every node that has pods.</summary>
    public IReadOnlyList<string> IndexValues(string indexName)
    {
        lock (_gate)
        {
            return _indexes.TryGetValue(indexName, out var index)
                ? [.. index.Keys]
                : throw new KeyNotFoundException($"No index named '{indexName}'.");
        }
    }

    /// <summary>Adds or replaces an object; returns the one it replaced.</summary>
    public T? Upsert(T obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        var key = ObjectKey.From(obj);
        lock (_gate)
        {
            var old = RemoveLocked(key);
            AddLocked(key, obj);
            return old;
        }
    }

    /// <summary>Removes an object; returns it, or null when it was not cached.</summary>
    public T? Remove(ObjectKey key)
    {
        lock (_gate)
        {
            return RemoveLocked(key);
        }
    }

    /// <summary>
    /// Replaces the whole content with a fresh list, as after a relist. Objects whose resourceVersion did not change
    /// are not reported as updated: nothing happened to them.
    /// </summary>
    public CacheDelta<T> Replace(IEnumerable<T> objects)
    {
        ArgumentNullException.ThrowIfNull(objects);
        var added = new List<T>();
        var updated = new List<(T, T)>();
        lock (_gate)
        {
            var stale = new HashSet<ObjectKey>(_items.Keys);
            foreach (var obj in objects)
            {
                var key = ObjectKey.From(obj);
                stale.Remove(key);
                var old = RemoveLocked(key);
                AddLocked(key, obj);
                if (old is null)
                {
                    added.Add(obj);
                }
                else if (!string.Equals(old.Metadata?.ResourceVersion, obj.Metadata?.ResourceVersion, StringComparison.Ordinal))
                {
                    updated.Add((old, obj));
                }
            }

            var deleted = stale.Select(RemoveLocked).OfType<T>().ToList();
            return new(added, updated, deleted);
        }
    }

    private void AddLocked(ObjectKey key, T obj)
    {
        _items[key] = obj;
        foreach (var (name, func) in _indexFuncs)
        {
            AddToIndex(name, func, key, obj);
        }
    }

    private T? RemoveLocked(ObjectKey key)
    {
        if (!_items.Remove(key, out var old))
        {
            return null;
        }

        foreach (var (name, func) in _indexFuncs)
        {
            var index = _indexes[name];
            foreach (var value in func(old))
            {
                if (index.TryGetValue(value, out var keys) && keys.Remove(key) && keys.Count == 0)
                {
                    index.Remove(value);
                }
            }
        }

        return old;
    }

    private void AddToIndex(string name, IndexFunc<T> func, ObjectKey key, T obj)
    {
        var index = _indexes[name];
        foreach (var value in func(obj))
        {
            if (!index.TryGetValue(value, out var keys))
            {
                keys = [];
                index[value] = keys;
            }

            keys.Add(key);
        }
    }
}
