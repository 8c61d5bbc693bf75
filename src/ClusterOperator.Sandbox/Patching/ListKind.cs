namespace ClusterOperator.Sandbox.Patching;

/// <summary>How a list field merges in strategic merge patch and server-side apply.</summary>
internal enum ListKind
{
    /// <summary>The whole list is replaced.</summary>
    Atomic,

    /// <summary>Items are objects identified by key fields (patchMergeKey / x-kubernetes-list-map-keys).</summary>
    Map,

    /// <summary>Items are scalars merged as a set (patchStrategy merge on a primitive list).</summary>
    Set,
}
