namespace ClusterOperator.Sandbox.Storage;

internal enum StoreEventType
{
    Added,
    Modified,
    Deleted,
}

/// <summary>A committed change. Previous lets watches decide whether an object entered or left their selector.</summary>
internal sealed record StoreEvent(StoreEventType Type, GroupResource Resource, StoredObject Object, StoredObject? Previous)
{
    public long ResourceVersion => Object.ResourceVersion;

    public string TypeName => Type switch
    {
        StoreEventType.Added => "ADDED",
        StoreEventType.Modified => "MODIFIED",
        _ => "DELETED",
    };
}
