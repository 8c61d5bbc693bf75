namespace ClusterOperator.Sandbox.Storage;

internal enum WatchMessageKind
{
    Added,
    Modified,
    Deleted,
    Bookmark,
    InitialEventsEnd,
}

/// <summary>One line a watch stream will send; bookmarks carry only a resourceVersion.</summary>
internal readonly record struct WatchMessage(WatchMessageKind Kind, StoredObject? Object, long ResourceVersion)
{
    public string TypeName => Kind switch
    {
        WatchMessageKind.Added => "ADDED",
        WatchMessageKind.Modified => "MODIFIED",
        WatchMessageKind.Deleted => "DELETED",
        _ => "BOOKMARK",
    };
}
