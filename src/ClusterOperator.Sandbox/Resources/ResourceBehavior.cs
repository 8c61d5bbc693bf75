using System.Text.Json.Nodes;
using ClusterOperator.Sandbox.Errors;
using ClusterOperator.Sandbox.Json;
using ClusterOperator.Sandbox.Patching;

namespace ClusterOperator.Sandbox.Resources;

/// <summary>
/// What differs between resources: defaulting, validation, conversion between served and stored versions,
/// selectable fields, table columns, patch merge keys and deletion grace. The base class is the behaviour of
/// a plain stored resource.
/// </summary>
internal class ResourceBehavior
{
    public static ResourceBehavior Default { get; } = new();

    private static readonly PatchSchema MetadataOnly = PatchSchema.Build();

    /// <summary>Converts a stored object to the served version; returns the same instance when nothing changes.</summary>
    public virtual JsonObject ToServed(JsonObject stored, ResourceDefinition definition, string storageApiVersion)
    {
        if (JsonNodes.GetString(stored, "apiVersion") == definition.ApiVersion)
        {
            return stored;
        }

        var copy = JsonNodes.CloneObject(stored);
        copy["apiVersion"] = definition.ApiVersion;
        return copy;
    }

    /// <summary>Converts an incoming object (owned by the caller) to the stored version.</summary>
    public virtual JsonObject ToStorage(JsonObject served, ResourceDefinition definition, string storageApiVersion)
    {
        served["apiVersion"] = storageApiVersion;
        return served;
    }

    /// <summary>Rewrites a field selector label of the served version to the stored representation.</summary>
    public virtual string StorageFieldLabel(string label) => label;

    /// <summary>Fills in defaults; runs on every write, as decoding does on a real API server.</summary>
    public virtual void ApplyDefaults(JsonObject obj)
    {
    }

    public virtual void PrepareForCreate(JsonObject obj, ResourceDefinition definition, OperationContext context)
    {
        if (definition.HasStatus)
        {
            obj.Remove("status");
        }
    }

    public virtual void PrepareForUpdate(JsonObject obj, JsonObject old, ResourceDefinition definition,
        OperationContext context)
    {
    }

    public virtual void Validate(JsonObject obj, JsonObject? old, ResourceDefinition definition, List<FieldError> errors,
        OperationContext context)
    {
    }

    /// <summary>Drops fields the schema does not declare and returns their paths; only custom resources prune.</summary>
    public virtual IReadOnlyList<string> PruneUnknownFields(JsonObject obj) => [];

    public virtual bool SupportsField(string field) => field is "metadata.name" or "metadata.namespace";

    public virtual string? FieldValue(JsonObject obj, string field) =>
        JsonNodes.ScalarText(JsonNodes.Navigate(obj, field.Split('.')));

    public virtual TableLayout Table => TableLayout.NameAge;

    /// <summary>Merge keys for strategic merge patch; null when the resource does not support it (custom resources).</summary>
    public virtual PatchSchema? StrategicMergeSchema => MetadataOnly;

    public virtual PatchSchema ApplySchema => StrategicMergeSchema ?? MetadataOnly;

    /// <summary>Seconds a deletion waits before the object goes (0 = immediately, subject to finalizers).</summary>
    public virtual long DeletionGracePeriodSeconds(JsonObject obj, long? requested) => 0;
}
