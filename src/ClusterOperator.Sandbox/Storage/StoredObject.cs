using System.Text.Json.Nodes;
using ClusterOperator.Sandbox.Json;

namespace ClusterOperator.Sandbox.Storage;

/// <summary>
/// One committed revision of an object. The JSON node is never mutated after commit (readers clone before
/// changing it), so revisions can be shared by the store, the watch history and responses without copying.
/// </summary>
internal sealed class StoredObject
{
    public StoredObject(JsonObject obj, long resourceVersion)
    {
        Object = obj;
        ResourceVersion = resourceVersion;
        var metadata = JsonNodes.Metadata(obj);
        Namespace = JsonNodes.GetString(metadata, "namespace") ?? string.Empty;
        Name = JsonNodes.GetString(metadata, "name") ?? string.Empty;
        Uid = JsonNodes.GetString(metadata, "uid") ?? string.Empty;
        Json = JsonNodes.Serialize(obj);
    }

    public JsonObject Object { get; }

    public byte[] Json { get; }

    public long ResourceVersion { get; }

    public string Namespace { get; }

    public string Name { get; }

    public string Uid { get; }

    public JsonObject Metadata => (JsonObject)Object["metadata"]!;

    public bool IsTerminating => Metadata["deletionTimestamp"] is not null;

    /// <summary>A mutable deep copy for building the next revision.</summary>
    public JsonObject CloneObject() => JsonNodes.CloneObject(Object);
}
