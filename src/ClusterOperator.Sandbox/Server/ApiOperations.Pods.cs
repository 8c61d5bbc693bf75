using System.Text.Json.Nodes;
using ClusterOperator.Sandbox.Errors;
using ClusterOperator.Sandbox.Json;
using ClusterOperator.Sandbox.Resources;
using ClusterOperator.Sandbox.Storage;

namespace ClusterOperator.Sandbox.Server;

internal sealed partial class ApiOperations
{
    public static readonly GroupResource Pods = new(string.Empty, "pods");

    /// <summary>pods/binding: assigns a node exactly once; a second bind is a 409, like the real registry.</summary>
    public StoredObject Bind(string ns, string podName, JsonObject binding, OperationContext context)
    {
        var target = JsonNodes.GetObject(binding, "target");
        var nodeName = JsonNodes.GetString(target, "name");
        var pods = _registry.StorageDefinition(Pods)!;
        if (string.IsNullOrEmpty(nodeName))
        {
            throw Invalid(pods, podName, [FieldError.Required("target.name")]);
        }

        if (JsonNodes.GetString(target, "kind") is { Length: > 0 } kind && kind != "Node")
        {
            throw Invalid(pods, podName, [FieldError.NotSupported("target.kind", kind, ["\"Node\""])]);
        }

        return _store.Write(tx =>
        {
            var current = tx.Get(Pods, ns, podName) ?? throw NotFound(pods, podName);
            var uid = JsonNodes.GetString(binding, "metadata", "uid");
            if (!string.IsNullOrEmpty(uid) && uid != current.Uid)
            {
                throw BindingConflict(podName, $"Precondition failed: UID in precondition: {uid}, UID in object meta: {current.Uid}");
            }

            if (current.IsTerminating)
            {
                throw BindingConflict(podName, $"pod {podName} is being deleted, cannot be assigned to a host");
            }

            if (JsonNodes.GetString(current.Object, "spec", "nodeName") is { Length: > 0 } assigned)
            {
                throw BindingConflict(podName, $"pod {podName} is already assigned to node \"{assigned}\"");
            }

            var next = current.CloneObject();
            JsonNodes.Ensure(next, "spec")["nodeName"] = nodeName;
            if (JsonNodes.GetObject(binding, "metadata", "annotations") is { } annotations)
            {
                var podAnnotations = JsonNodes.Ensure(next, "metadata", "annotations");
                foreach (var (key, value) in annotations)
                {
                    podAnnotations[key] = value?.DeepClone();
                }
            }

            SetCondition(JsonNodes.Ensure(next, "status"), "PodScheduled", "True", null, context.Now);
            return context.DryRun ? current : tx.Put(Pods, next);
        });
    }

    /// <summary>pods/eviction: a delete with the eviction's options (disruption budgets are not enforced).</summary>
    public DeleteOutcome Evict(string ns, string podName, JsonObject eviction, OperationContext context)
    {
        var options = JsonNodes.GetObject(eviction, "deleteOptions");
        var request = new DeleteRequest(
            JsonNodes.GetInt64(options, "gracePeriodSeconds"),
            JsonNodes.GetString(options, "propagationPolicy"),
            JsonNodes.GetString(options, "preconditions", "uid"),
            JsonNodes.GetString(options, "preconditions", "resourceVersion"));
        return Delete(_registry.StorageDefinition(Pods)!, ns, podName, request, context);
    }

    /// <summary>Sets a pod or node condition, keeping lastTransitionTime when the status does not change.</summary>
    public static void SetCondition(JsonObject status, string type, string value, string? reason, DateTimeOffset now,
        string? message = null)
    {
        var conditions = status["conditions"] as JsonArray ?? [];
        status["conditions"] = conditions;
        var existing = conditions.OfType<JsonObject>().FirstOrDefault(c => JsonNodes.GetString(c, "type") == type);
        if (existing is null)
        {
            existing = new JsonObject { ["type"] = type };
            conditions.Add(existing);
        }

        if (JsonNodes.GetString(existing, "status") != value)
        {
            existing["lastTransitionTime"] = Timestamps.Format(now);
        }

        existing["status"] = value;
        existing["lastProbeTime"] = null;
        if (reason is null)
        {
            existing.Remove("reason");
        }
        else
        {
            existing["reason"] = reason;
        }

        if (message is null)
        {
            existing.Remove("message");
        }
        else
        {
            existing["message"] = message;
        }
    }

    private static ApiException BindingConflict(string podName, string detail) =>
        StatusBodies.Conflict("pods/binding", string.Empty, "pods/binding", podName, detail);
}
