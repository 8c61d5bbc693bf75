namespace ClusterOperator.Sandbox.Server;

/// <summary>The patch formats, identified by the request's Content-Type.</summary>
internal enum PatchType
{
    Json,
    Merge,
    StrategicMerge,
    Apply,
}
