using System.Globalization;
using System.Text.Json.Nodes;
using ClusterOperator.Sandbox.Json;

namespace ClusterOperator.Sandbox.Storage;

/// <summary>
/// The generic object store: every object of every resource, one global monotonic resourceVersion, a bounded
/// history for watch resumption, and the registered watches. All state is guarded by one lock; writers run
/// their read-modify-write inside <see cref="Write{T}"/>, so a patch never races another writer.
/// </summary>
internal sealed class ObjectStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<GroupResource, SortedDictionary<string, StoredObject>> _tables = [];
    private readonly Dictionary<string, (GroupResource Resource, string Key)> _byUid = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<(GroupResource Resource, string Key)>> _dependents =
        new(StringComparer.Ordinal);
    private readonly Dictionary<GroupResource, List<WatchSubscription>> _watchers = [];
    private readonly List<WatchSubscription> _allResourceWatchers = [];
    private readonly EventHistory _history;
    private readonly Action<StoreEvent>? _onCommit;
    private long _resourceVersion;

    public ObjectStore(int historySize, Action<StoreEvent>? onCommit = null)
    {
        _history = new EventHistory(historySize);
        _onCommit = onCommit;
    }

    public long ResourceVersion => Interlocked.Read(ref _resourceVersion);

    public static string Key(string ns, string name) => ns.Length == 0 ? name : $"{ns}/{name}";

    public T Write<T>(Func<StoreTransaction, T> work)
    {
        lock (_gate)
        {
            return work(new StoreTransaction(this));
        }
    }

    public StoredObject? Get(GroupResource resource, string ns, string name)
    {
        lock (_gate)
        {
            return GetLocked(resource, ns, name);
        }
    }

    public (IReadOnlyList<StoredObject> Items, long ResourceVersion) List(GroupResource resource, string? ns)
    {
        lock (_gate)
        {
            return (ListLocked(resource, ns).ToList(), _resourceVersion);
        }
    }

    public (GroupResource Resource, StoredObject Object)? FindByUid(string uid)
    {
        lock (_gate)
        {
            if (_byUid.TryGetValue(uid, out var location) &&
                _tables.TryGetValue(location.Resource, out var table) &&
                table.TryGetValue(location.Key, out var found))
            {
                return (location.Resource, found);
            }

            return null;
        }
    }

    public IReadOnlyList<(GroupResource Resource, StoredObject Object)> Dependents(string ownerUid)
    {
        lock (_gate)
        {
            if (!_dependents.TryGetValue(ownerUid, out var keys))
            {
                return [];
            }

            return keys
                .Select(key => (key.Resource, Object: _tables.TryGetValue(key.Resource, out var table) &&
                                                     table.TryGetValue(key.Key, out var found)
                    ? found
                    : null))
                .Where(pair => pair.Object is not null)
                .Select(pair => (pair.Resource, pair.Object!))
                .ToList();
        }
    }

    /// <summary>
    /// Registers a watch. With no starting version the current matching objects are sent as ADDED first
    /// ("get state and start at most recent"); otherwise every retained change after that version is replayed.
    /// </summary>
    public WatchSubscription Watch(
        GroupResource? resource,
        string? ns,
        Func<JsonObject, bool> predicate,
        long? fromResourceVersion,
        bool bookmarks,
        bool markInitialEventsEnd,
        int capacity)
    {
        lock (_gate)
        {
            if (fromResourceVersion is { } from && from < _history.CompactedThrough)
            {
                throw new ResourceExpiredException(from, _history.CompactedThrough + 1);
            }

            var subscription = new WatchSubscription(resource, ns, predicate, bookmarks, capacity, Unregister);
            if (fromResourceVersion is { } start)
            {
                foreach (var change in _history.After(start))
                {
                    if (resource is null || change.Resource == resource)
                    {
                        subscription.Deliver(change);
                    }
                }
            }
            else if (resource is { } wanted)
            {
                foreach (var item in ListLocked(wanted, ns))
                {
                    if (subscription.Matches(item))
                    {
                        subscription.Write(new WatchMessage(WatchMessageKind.Added, item, item.ResourceVersion));
                    }
                }

                if (markInitialEventsEnd)
                {
                    subscription.Write(new WatchMessage(WatchMessageKind.InitialEventsEnd, null, _resourceVersion));
                }
            }

            if (resource is { } key)
            {
                if (!_watchers.TryGetValue(key, out var list))
                {
                    list = [];
                    _watchers[key] = list;
                }

                list.Add(subscription);
            }
            else
            {
                _allResourceWatchers.Add(subscription);
            }

            return subscription;
        }
    }

    /// <summary>Queues a bookmark at the current version for every watch that asked for them.</summary>
    public void SendBookmarks()
    {
        lock (_gate)
        {
            foreach (var subscription in _watchers.Values.SelectMany(list => list).Where(s => s.Bookmarks))
            {
                subscription.Write(new WatchMessage(WatchMessageKind.Bookmark, null, _resourceVersion));
            }
        }
    }

    /// <summary>Queues a bookmark at the current version for one watch (used just before a timeout closes it).</summary>
    public void SendBookmark(WatchSubscription subscription)
    {
        lock (_gate)
        {
            subscription.Write(new WatchMessage(WatchMessageKind.Bookmark, null, _resourceVersion));
        }
    }

    /// <summary>Forgets the whole watch history, so any watch from an older version gets 410 Expired.</summary>
    public void CompactHistory()
    {
        lock (_gate)
        {
            _history.Compact(_resourceVersion);
        }
    }

    public int WatchCount
    {
        get
        {
            lock (_gate)
            {
                return _watchers.Values.Sum(list => list.Count) + _allResourceWatchers.Count;
            }
        }
    }

    public void CloseAllWatches()
    {
        lock (_gate)
        {
            foreach (var subscription in _watchers.Values.SelectMany(list => list).Concat(_allResourceWatchers))
            {
                subscription.Complete();
            }
        }
    }

    private void Unregister(WatchSubscription subscription)
    {
        lock (_gate)
        {
            if (subscription.Resource is { } key && _watchers.TryGetValue(key, out var list))
            {
                list.Remove(subscription);
            }
            else
            {
                _allResourceWatchers.Remove(subscription);
            }
        }
    }

    private StoredObject? GetLocked(GroupResource resource, string ns, string name) =>
        _tables.TryGetValue(resource, out var table) && table.TryGetValue(Key(ns, name), out var found) ? found : null;

    private IEnumerable<StoredObject> ListLocked(GroupResource resource, string? ns)
    {
        if (!_tables.TryGetValue(resource, out var table))
        {
            return [];
        }

        return ns is null ? table.Values : table.Values.Where(item => item.Namespace == ns);
    }

    private StoredObject PutLocked(GroupResource resource, JsonObject obj)
    {
        var resourceVersion = Interlocked.Increment(ref _resourceVersion);
        JsonNodes.Metadata(obj)["resourceVersion"] = resourceVersion.ToString(CultureInfo.InvariantCulture);
        var stored = new StoredObject(obj, resourceVersion);
        if (!_tables.TryGetValue(resource, out var table))
        {
            table = new SortedDictionary<string, StoredObject>(StringComparer.Ordinal);
            _tables[resource] = table;
        }

        var key = Key(stored.Namespace, stored.Name);
        table.TryGetValue(key, out var previous);
        table[key] = stored;
        if (stored.Uid.Length > 0)
        {
            _byUid[stored.Uid] = (resource, key);
        }

        ReindexOwners(resource, key, previous, stored);
        Commit(new StoreEvent(previous is null ? StoreEventType.Added : StoreEventType.Modified, resource, stored, previous));
        return stored;
    }

    private StoredObject? RemoveLocked(GroupResource resource, string ns, string name, JsonObject? finalState)
    {
        var key = Key(ns, name);
        if (!_tables.TryGetValue(resource, out var table) || !table.Remove(key, out var previous))
        {
            return null;
        }

        var resourceVersion = Interlocked.Increment(ref _resourceVersion);
        var final = finalState ?? previous.CloneObject();
        JsonNodes.Metadata(final)["resourceVersion"] = resourceVersion.ToString(CultureInfo.InvariantCulture);
        var stored = new StoredObject(final, resourceVersion);
        _byUid.Remove(previous.Uid);
        ReindexOwners(resource, key, previous, null);
        Commit(new StoreEvent(StoreEventType.Deleted, resource, stored, previous));
        return stored;
    }

    private void Commit(StoreEvent change)
    {
        _history.Append(change);
        if (_watchers.TryGetValue(change.Resource, out var list))
        {
            foreach (var subscription in list)
            {
                subscription.Deliver(change);
            }
        }

        foreach (var subscription in _allResourceWatchers)
        {
            subscription.Deliver(change);
        }

        _onCommit?.Invoke(change);
    }

    private void ReindexOwners(GroupResource resource, string key, StoredObject? before, StoredObject? after)
    {
        var oldOwners = OwnerUids(before);
        var newOwners = OwnerUids(after);
        foreach (var uid in oldOwners.Except(newOwners))
        {
            if (_dependents.TryGetValue(uid, out var set))
            {
                set.Remove((resource, key));
                if (set.Count == 0)
                {
                    _dependents.Remove(uid);
                }
            }
        }

        foreach (var uid in newOwners.Except(oldOwners))
        {
            if (!_dependents.TryGetValue(uid, out var set))
            {
                set = [];
                _dependents[uid] = set;
            }

            set.Add((resource, key));
        }
    }

    private static HashSet<string> OwnerUids(StoredObject? stored)
    {
        var result = new HashSet<string>(StringComparer.Ordinal);
        if (stored?.Metadata["ownerReferences"] is JsonArray references)
        {
            foreach (var reference in references)
            {
                if (JsonNodes.GetString(reference, "uid") is { Length: > 0 } uid)
                {
                    result.Add(uid);
                }
            }
        }

        return result;
    }

    /// <summary>The view of the store a writer gets while it holds the lock.</summary>
    internal readonly struct StoreTransaction
    {
        private readonly ObjectStore _store;

        public StoreTransaction(ObjectStore store) => _store = store;

        public long ResourceVersion => _store._resourceVersion;

        public StoredObject? Get(GroupResource resource, string ns, string name) => _store.GetLocked(resource, ns, name);

        public IEnumerable<StoredObject> List(GroupResource resource, string? ns) => _store.ListLocked(resource, ns);

        public IEnumerable<GroupResource> Resources => _store._tables.Keys;

        /// <summary>Stores the object as the next revision; the store owns the node from now on.</summary>
        public StoredObject Put(GroupResource resource, JsonObject obj) => _store.PutLocked(resource, obj);

        /// <summary>Deletes the object; the DELETED event carries <paramref name="finalState"/> when given.</summary>
        public StoredObject? Remove(GroupResource resource, string ns, string name, JsonObject? finalState = null) =>
            _store.RemoveLocked(resource, ns, name, finalState);
    }
}
