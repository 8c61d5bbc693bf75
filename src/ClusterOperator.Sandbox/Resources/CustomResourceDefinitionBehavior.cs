using System.Text.Json.Nodes;
using ClusterOperator.Sandbox.Errors;
using ClusterOperator.Sandbox.Json;

namespace ClusterOperator.Sandbox.Resources;

/// <summary>
/// apiextensions.k8s.io/v1 CRDs: validated, defaulted, and given an Established status at once, because the
/// sandbox serves the new resource in the same write that stores the definition.
/// </summary>
internal sealed class CustomResourceDefinitionBehavior : ResourceBehavior
{
    private static readonly TableLayout Layout = new(
        [TableLayout.NameColumn, new TableColumn("Created At", "date", "Creation timestamp")],
        (crd, _) => [TableLayout.Name(crd), JsonNodes.GetString(crd, "metadata", "creationTimestamp")]);

    public override TableLayout Table => Layout;

    public override void ApplyDefaults(JsonObject obj)
    {
        var spec = JsonNodes.Ensure(obj, "spec");
        var names = JsonNodes.Ensure(spec, "names");
        var kind = JsonNodes.GetString(names, "kind");
        if (kind is not null)
        {
            names["singular"] ??= kind.ToLowerInvariant();
            names["listKind"] ??= kind + "List";
        }

        spec["conversion"] ??= new JsonObject { ["strategy"] = "None" };
    }

    public override void PrepareForCreate(JsonObject obj, ResourceDefinition definition, OperationContext context) =>
        obj["status"] = EstablishedStatus(obj, null, context.Now);

    public override void PrepareForUpdate(JsonObject obj, JsonObject old, ResourceDefinition definition,
        OperationContext context) =>
        obj["status"] = EstablishedStatus(obj, old, context.Now);

    public override void Validate(JsonObject obj, JsonObject? old, ResourceDefinition definition, List<FieldError> errors,
        OperationContext context)
    {
        var spec = JsonNodes.GetObject(obj, "spec");
        var group = JsonNodes.GetString(spec, "group");
        var plural = JsonNodes.GetString(spec, "names", "plural");
        if (string.IsNullOrEmpty(group))
        {
            errors.Add(FieldError.Required("spec.group"));
        }

        if (string.IsNullOrEmpty(plural))
        {
            errors.Add(FieldError.Required("spec.names.plural"));
        }

        if (string.IsNullOrEmpty(JsonNodes.GetString(spec, "names", "kind")))
        {
            errors.Add(FieldError.Required("spec.names.kind"));
        }

        var name = JsonNodes.GetString(obj, "metadata", "name");
        if (group is not null && plural is not null && name != $"{plural}.{group}")
        {
            errors.Add(FieldError.Invalid("metadata.name", name ?? string.Empty, "must be spec.names.plural+\".\"+spec.group"));
        }

        if (JsonNodes.GetString(spec, "scope") is not ("Namespaced" or "Cluster"))
        {
            errors.Add(FieldError.NotSupported("spec.scope", JsonNodes.Navigate(spec, "scope"), ["\"Cluster\"", "\"Namespaced\""]));
        }

        var versions = JsonNodes.GetArray(spec, "versions");
        if (versions is null || versions.Count == 0)
        {
            errors.Add(FieldError.Required("spec.versions", "must have exactly one version marked as storage version"));
            return;
        }

        if (versions.Count(v => JsonNodes.GetBoolean(v, "storage") == true) != 1)
        {
            errors.Add(FieldError.Invalid("spec.versions", versions, "must have exactly one version marked as storage version"));
        }

        for (var index = 0; index < versions.Count; index++)
        {
            if (string.IsNullOrEmpty(JsonNodes.GetString(versions[index], "name")))
            {
                errors.Add(FieldError.Required($"spec.versions[{index}].name"));
            }

            if (JsonNodes.GetObject(versions[index], "schema", "openAPIV3Schema") is null)
            {
                errors.Add(FieldError.Required($"spec.versions[{index}].schema.openAPIV3Schema", "schemas are required"));
            }
        }
    }

    private static JsonObject EstablishedStatus(JsonObject crd, JsonObject? old, DateTimeOffset now)
    {
        var storage = JsonNodes.GetArray(crd, "spec", "versions")?
            .FirstOrDefault(v => JsonNodes.GetBoolean(v, "storage") == true) is { } version
            ? JsonNodes.GetString(version, "name")
            : null;
        var stored = JsonNodes.GetArray(old, "status", "storedVersions")?.Select(JsonNodes.ScalarText).OfType<string>().ToList() ?? [];
        if (storage is not null && !stored.Contains(storage))
        {
            stored.Add(storage);
        }

        var time = JsonNodes.GetArray(old, "status", "conditions")?.Select(c => JsonNodes.GetString(c, "lastTransitionTime"))
            .FirstOrDefault(t => t is not null) ?? Timestamps.Format(now);
        JsonObject Condition(string type, string reason, string message) => new()
        {
            ["type"] = type,
            ["status"] = "True",
            ["lastTransitionTime"] = time,
            ["reason"] = reason,
            ["message"] = message,
        };

        return new JsonObject
        {
            ["conditions"] = new JsonArray(
                Condition("NamesAccepted", "NoConflicts", "no conflicts found"),
                Condition("Established", "InitialNamesAccepted", "the initial names have been accepted")),
            ["acceptedNames"] = JsonNodes.GetObject(crd, "spec", "names")?.DeepClone(),
            ["storedVersions"] = new JsonArray(stored.Select(v => (JsonNode?)v).ToArray()),
        };
    }
}
