namespace ClusterOperator.Sandbox.Storage;

/// <summary>The requested resourceVersion is older than the retained watch history.</summary>
internal sealed class ResourceExpiredException(long requested, long oldest)
    : Exception($"too old resource version: {requested} ({oldest})")
{
    public long Requested { get; } = requested;

    public long Oldest { get; } = oldest;
}
