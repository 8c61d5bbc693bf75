using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using ClusterOperator.Sandbox.Errors;
using ClusterOperator.Sandbox.Json;
using ClusterOperator.Sandbox.Patching;
using ClusterOperator.Sandbox.Resources;
using ClusterOperator.Sandbox.Storage;

namespace ClusterOperator.Sandbox.Server;

internal sealed partial class ApiOperations
{
    /// <summary>Applies a patch; server-side apply may create the object, reported by <c>Created</c>.</summary>
    public (StoredObject Object, bool Created) Patch(ResourceDefinition definition, string ns, string name, PatchType type,
        string body, string? subresource, OperationContext context)
    {
        var patch = ParsePatch(type, body);
        return _store.Write(tx =>
        {
            var current = tx.Get(definition.Storage, ns, name);
            if (type == PatchType.Apply)
            {
                return ApplyLocked(tx, definition, ns, name, current, patch as JsonObject, subresource, context);
            }

            if (current is null)
            {
                throw NotFound(definition, name);
            }

            var served = Serve(definition, current);
            JsonNode? patched = type switch
            {
                PatchType.Json => JsonPatch.Apply(served, patch),
                PatchType.Merge => MergePatch.Apply(served, patch),
                _ => StrategicMergePatch.Apply(served, patch, definition.Behavior.StrategicMergeSchema ??
                                                             throw StatusBodies.UnsupportedMediaType(
                                                                 "the body of the request was in an unknown format - accepted media types include: " +
                                                                 "application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml")),
            };
            if (patched is not JsonObject patchedObject)
            {
                throw new ApiException(422, "Invalid", "the patched document is not an object");
            }

            var incoming = ToStorage(definition, patchedObject);
            CheckIdentity(definition, incoming, ns, name);
            return (UpdateLocked(tx, definition, current, incoming, subresource, context, enforcePreconditions: true), false);
        });
    }

    private (StoredObject Object, bool Created) ApplyLocked(ObjectStore.StoreTransaction tx, ResourceDefinition definition,
        string ns, string name, StoredObject? current, JsonObject? applied, string? subresource, OperationContext context)
    {
        if (applied is null)
        {
            throw StatusBodies.BadRequest("apply patch must be an object");
        }

        if (string.IsNullOrEmpty(context.FieldManager))
        {
            throw new ApiException(422, "Invalid",
                "PatchOptions.meta.k8s.io \"\" is invalid: fieldManager: Required value: is required for apply patch");
        }

        foreach (var field in new[] { "apiVersion", "kind" })
        {
            if (JsonNodes.GetString(applied, field) is not { Length: > 0 })
            {
                throw StatusBodies.BadRequest($"{field} must be set");
            }
        }

        var request = new ApplyRequest(context.FieldManager, context.Force, definition.Behavior.ApplySchema,
            definition.ApiVersion, subresource, context.Now);
        var precondition = JsonNodes.GetString(applied, "metadata", "resourceVersion");
        if (current is null)
        {
            if (subresource is not null)
            {
                throw NotFound(definition, name);
            }

            var skeleton = new JsonObject
            {
                ["apiVersion"] = definition.ApiVersion,
                ["kind"] = definition.Kind,
                ["metadata"] = new JsonObject { ["name"] = name },
            };
            CheckIdentity(definition, applied.DeepClone().AsObject(), ns, name);
            var created = ServerSideApply.Apply(skeleton, applied, request);
            return (CreateLocked(tx, definition, ns, ToStorage(definition, created), context), true);
        }

        if (!string.IsNullOrEmpty(precondition) &&
            precondition != current.ResourceVersion.ToString(CultureInfo.InvariantCulture))
        {
            throw StatusBodies.Conflict(definition.QualifiedResource, definition.Group, definition.Resource, name,
                "the object has been modified; please apply your changes to the latest version and try again");
        }

        var live = JsonNodes.CloneObject(Serve(definition, current));
        var merged = ServerSideApply.Apply(live, applied, request);
        var incoming = ToStorage(definition, merged);
        CheckIdentity(definition, incoming, ns, name);
        return (UpdateLocked(tx, definition, current, incoming, subresource, context, enforcePreconditions: false), false);
    }

    private static JsonNode? ParsePatch(PatchType type, string body)
    {
        try
        {
            return type == PatchType.Apply ? YamlJson.ParseSingle(body) : RequestJson.Parse(body);
        }
        catch (Exception exception) when (exception is JsonException or FormatException)
        {
            throw StatusBodies.BadRequest($"error decoding patch: {exception.Message}");
        }
    }
}
