using System.Text.Json.Nodes;
using ClusterOperator.Sandbox.Errors;
using ClusterOperator.Sandbox.Json;
using ClusterOperator.Sandbox.Resources;
using ClusterOperator.Sandbox.Storage;

namespace ClusterOperator.Sandbox.Server;

internal sealed partial class ApiOperations
{
    public const string ForegroundFinalizer = "foregroundDeletion";

    /// <summary>
    /// Deletes an object. Objects with finalizers, pods with a grace period and namespaces are only marked
    /// (deletionTimestamp); the kubelet, the garbage collector and the namespace controller finish the job.
    /// </summary>
    public DeleteOutcome Delete(ResourceDefinition definition, string ns, string name, DeleteRequest request,
        OperationContext context) =>
        _store.Write(tx => DeleteLocked(tx, definition, ns, name, request, context));

    public IReadOnlyList<StoredObject> DeleteCollection(ResourceDefinition definition, string? ns,
        Func<JsonObject, bool> predicate, DeleteRequest request, OperationContext context) =>
        _store.Write(tx =>
        {
            var results = new List<StoredObject>();
            foreach (var item in tx.List(definition.Storage, ns).Where(item => predicate(item.Object)).ToList())
            {
                results.Add(DeleteLocked(tx, definition, item.Namespace, item.Name, request, context).Object);
            }

            return (IReadOnlyList<StoredObject>)results;
        });

    private DeleteOutcome DeleteLocked(ObjectStore.StoreTransaction tx, ResourceDefinition definition, string ns, string name,
        DeleteRequest request, OperationContext context)
    {
        var current = tx.Get(definition.Storage, ns, name) ?? throw NotFound(definition, name);
        CheckPreconditions(definition, current, request.PreconditionResourceVersion, request.PreconditionUid);
        Admit(tx, "DELETE", definition, null, ns, name, null, current.Object, context);
        var policy = request.PropagationPolicy ?? "Background";
        if (policy is not ("Background" or "Foreground" or "Orphan"))
        {
            throw Invalid(definition, name,
                [FieldError.NotSupported("propagationPolicy", policy, ["\"Foreground\"", "\"Background\"", "\"Orphan\"", "nil"])]);
        }

        if (context.DryRun)
        {
            return new DeleteOutcome(current, Deleted: false);
        }

        if (policy == "Orphan")
        {
            OrphanDependents(tx, current);
        }

        var isNamespace = definition.Group.Length == 0 && definition.Resource == "namespaces";
        var grace = definition.Behavior.DeletionGracePeriodSeconds(current.Object, request.GracePeriodSeconds);
        var finalizers = Finalizers(current.Object);
        if (policy == "Foreground" && !finalizers.Contains(ForegroundFinalizer) && _store.Dependents(current.Uid).Count > 0)
        {
            finalizers.Add(ForegroundFinalizer);
        }

        if (grace == 0 && finalizers.Count == 0 && !isNamespace)
        {
            var removed = tx.Remove(definition.Storage, ns, name)!;
            AfterDelete(tx, definition, removed);
            return new DeleteOutcome(removed, Deleted: true);
        }

        if (current.IsTerminating && !ShortensGrace(current, grace, context.Now))
        {
            return new DeleteOutcome(current, Deleted: false);
        }

        var next = current.CloneObject();
        var metadata = JsonNodes.Metadata(next);
        metadata["deletionTimestamp"] = Timestamps.Format(context.Now.AddSeconds(grace));
        metadata["deletionGracePeriodSeconds"] = grace;
        if (finalizers.Count > 0)
        {
            metadata["finalizers"] = new JsonArray(finalizers.Select(f => (JsonNode?)f).ToArray());
        }

        if (definition.TracksGeneration && !current.IsTerminating)
        {
            metadata["generation"] = (JsonNodes.GetInt64(metadata, "generation") ?? 0) + 1;
        }

        if (isNamespace)
        {
            JsonNodes.Ensure(next, "status")["phase"] = "Terminating";
        }

        return new DeleteOutcome(tx.Put(definition.Storage, next), Deleted: false);
    }

    /// <summary>A second delete with a shorter grace period moves the deadline earlier, as for pods on a real server.</summary>
    private static bool ShortensGrace(StoredObject current, long grace, DateTimeOffset now)
    {
        var existing = JsonNodes.GetInt64(current.Metadata, "deletionGracePeriodSeconds");
        var deadline = Timestamps.Parse(JsonNodes.GetString(current.Metadata, "deletionTimestamp"));
        return existing is { } previous && grace < previous && deadline is { } due && now.AddSeconds(grace) < due;
    }

    private void OrphanDependents(ObjectStore.StoreTransaction tx, StoredObject owner)
    {
        foreach (var (resource, dependent) in _store.Dependents(owner.Uid))
        {
            var copy = dependent.CloneObject();
            if (JsonNodes.GetArray(copy, "metadata", "ownerReferences") is { } references)
            {
                foreach (var reference in references.Where(r => JsonNodes.GetString(r, "uid") == owner.Uid).ToList())
                {
                    references.Remove(reference);
                }

                if (references.Count == 0)
                {
                    JsonNodes.Metadata(copy).Remove("ownerReferences");
                }
            }

            tx.Put(resource, copy);
        }
    }
}
