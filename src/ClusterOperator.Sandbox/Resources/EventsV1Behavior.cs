using System.Text.Json.Nodes;
using ClusterOperator.Sandbox.Errors;
using ClusterOperator.Sandbox.Json;

namespace ClusterOperator.Sandbox.Resources;

/// <summary>
/// events.k8s.io/v1 events are the same objects as core/v1 events under other field names, as on a real
/// API server; they are stored in the core form and converted on the way in and out.
/// </summary>
internal sealed class EventsV1Behavior : EventBehavior
{
    private static readonly (string Core, string V1)[] Renames =
    [
        ("involvedObject", "regarding"), ("message", "note"), ("reportingComponent", "reportingController"),
        ("source", "deprecatedSource"), ("firstTimestamp", "deprecatedFirstTimestamp"),
        ("lastTimestamp", "deprecatedLastTimestamp"), ("count", "deprecatedCount"),
    ];

    public override JsonObject ToServed(JsonObject stored, ResourceDefinition definition, string storageApiVersion)
    {
        var served = Rename(JsonNodes.CloneObject(stored), toV1: true);
        served["apiVersion"] = definition.ApiVersion;
        return served;
    }

    public override JsonObject ToStorage(JsonObject served, ResourceDefinition definition, string storageApiVersion)
    {
        var stored = Rename(served, toV1: false);
        stored["apiVersion"] = storageApiVersion;
        return stored;
    }

    public override string StorageFieldLabel(string label)
    {
        foreach (var (core, v1) in Renames)
        {
            if (label == v1 || label.StartsWith(v1 + ".", StringComparison.Ordinal))
            {
                return core + label[v1.Length..];
            }
        }

        return label;
    }

    public override bool SupportsField(string field) => base.SupportsField(StorageFieldLabel(field));

    public override void Validate(JsonObject obj, JsonObject? old, ResourceDefinition definition, List<FieldError> errors,
        OperationContext context)
    {
        foreach (var (core, v1) in new[]
                 {
                     ("eventTime", "eventTime"), ("reportingComponent", "reportingController"),
                     ("reportingInstance", "reportingInstance"), ("action", "action"), ("reason", "reason"),
                 })
        {
            if (JsonNodes.ScalarText(obj[core]) is not { Length: > 0 })
            {
                errors.Add(FieldError.Required(v1));
            }
        }

        if (JsonNodes.GetString(obj, "type") is { } type && type is not ("Normal" or "Warning"))
        {
            errors.Add(FieldError.NotSupported("type", type, ["\"Normal\"", "\"Warning\""]));
        }
    }

    private static JsonObject Rename(JsonObject obj, bool toV1)
    {
        foreach (var (core, v1) in Renames)
        {
            var (from, to) = toV1 ? (core, v1) : (v1, core);
            if (obj.Remove(from, out var value))
            {
                obj[to] = value;
            }
        }

        return obj;
    }
}
