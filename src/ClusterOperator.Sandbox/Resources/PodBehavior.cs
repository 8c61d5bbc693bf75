using System.Globalization;
using System.Text.Json.Nodes;
using ClusterOperator.Sandbox.Errors;
using ClusterOperator.Sandbox.Json;
using ClusterOperator.Sandbox.Patching;

namespace ClusterOperator.Sandbox.Resources;

/// <summary>core/v1 pods: defaults, the Pending status on create, spec immutability, graceful deletion.</summary>
internal sealed class PodBehavior : ResourceBehavior
{
    private const string MutableFieldsMessage =
        "pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`," +
        "`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations)," +
        "`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)";

    private static readonly HashSet<string> Fields = new(StringComparer.Ordinal)
    {
        "metadata.name", "metadata.namespace", "spec.nodeName", "spec.restartPolicy", "spec.schedulerName",
        "spec.serviceAccountName", "spec.hostNetwork", "status.phase", "status.podIP", "status.nominatedNodeName",
    };

    private static readonly PatchSchema Schema = PatchSchema.Build(
        PatchSchema.PodSpecLists("spec"),
        [
            new("status.conditions", ListStrategy.MapBy("type")),
            new("status.podIPs", ListStrategy.MapBy("ip")),
            new("status.hostIPs", ListStrategy.MapBy("ip")),
        ]);

    private static readonly TableLayout Layout = new(
        [
            TableLayout.NameColumn,
            new TableColumn("Ready", "string", "The aggregate readiness state of this pod for accepting traffic."),
            new TableColumn("Status", "string", "The aggregate status of the containers in this pod."),
            new TableColumn("Restarts", "string", "The number of times the containers in this pod have been restarted."),
            TableLayout.AgeColumn,
            new TableColumn("IP", "string", "IP address allocated to the pod.", 1),
            new TableColumn("Node", "string", "Name of the node where the pod is assigned.", 1),
            new TableColumn("Nominated Node", "string", "Name of the node nominated by the scheduler.", 1),
            new TableColumn("Readiness Gates", "string", "Pod readiness gates.", 1),
        ],
        (pod, now) =>
        [
            TableLayout.Name(pod), ReadyText(pod), StatusText(pod), Restarts(pod), TableLayout.Age(pod, now),
            JsonNodes.GetString(pod, "status", "podIP") ?? "<none>",
            JsonNodes.GetString(pod, "spec", "nodeName") ?? "<none>",
            JsonNodes.GetString(pod, "status", "nominatedNodeName") ?? "<none>",
            "<none>",
        ]);

    public override TableLayout Table => Layout;

    public override PatchSchema StrategicMergeSchema => Schema;

    public override bool SupportsField(string field) => Fields.Contains(field);

    public override void ApplyDefaults(JsonObject obj)
    {
        var spec = JsonNodes.Ensure(obj, "spec");
        spec["restartPolicy"] ??= "Always";
        spec["terminationGracePeriodSeconds"] ??= 30;
        spec["dnsPolicy"] ??= "ClusterFirst";
        spec["schedulerName"] ??= "default-scheduler";
        spec["serviceAccountName"] ??= JsonNodes.GetString(spec, "serviceAccount") ?? "default";
        spec["serviceAccount"] ??= JsonNodes.GetString(spec, "serviceAccountName");
        spec["securityContext"] ??= new JsonObject();
        spec["enableServiceLinks"] ??= true;
        spec["priority"] ??= 0;
        spec["preemptionPolicy"] ??= "PreemptLowerPriority";
        DefaultTolerations(spec);
        foreach (var list in new[] { "containers", "initContainers" })
        {
            if (spec[list] is JsonArray containers)
            {
                foreach (var container in containers.OfType<JsonObject>())
                {
                    DefaultContainer(container);
                }
            }
        }
    }

    public override void PrepareForCreate(JsonObject obj, ResourceDefinition definition, OperationContext context)
    {
        obj["status"] = new JsonObject
        {
            ["phase"] = "Pending",
            ["qosClass"] = QosClass(obj),
        };
    }

    public override void Validate(JsonObject obj, JsonObject? old, ResourceDefinition definition, List<FieldError> errors,
        OperationContext context)
    {
        var containers = JsonNodes.GetArray(obj, "spec", "containers");
        if (containers is null || containers.Count == 0)
        {
            errors.Add(FieldError.Required("spec.containers"));
        }
        else
        {
            var names = new HashSet<string>(StringComparer.Ordinal);
            for (var index = 0; index < containers.Count; index++)
            {
                var path = $"spec.containers[{index}]";
                var name = JsonNodes.GetString(containers[index], "name");
                if (string.IsNullOrEmpty(name))
                {
                    errors.Add(FieldError.Required($"{path}.name"));
                }
                else if (!names.Add(name))
                {
                    errors.Add(FieldError.Duplicate($"{path}.name", name));
                }

                if (string.IsNullOrEmpty(JsonNodes.GetString(containers[index], "image")))
                {
                    errors.Add(FieldError.Required($"{path}.image"));
                }
            }
        }

        if (old is not null && !SameImmutableSpec(obj, old))
        {
            errors.Add(FieldError.Forbidden("spec", MutableFieldsMessage));
        }
    }

    public override long DeletionGracePeriodSeconds(JsonObject obj, long? requested)
    {
        var phase = JsonNodes.GetString(obj, "status", "phase");
        if (string.IsNullOrEmpty(JsonNodes.GetString(obj, "spec", "nodeName")) || phase is "Succeeded" or "Failed")
        {
            return 0;
        }

        var grace = requested ?? JsonNodes.GetInt64(obj, "spec", "terminationGracePeriodSeconds") ?? 30;
        return Math.Max(0, grace);
    }

    /// <summary>The STATUS column, computed the way kubectl's pod printer does.</summary>
    public static string StatusText(JsonObject pod)
    {
        var reason = JsonNodes.GetString(pod, "status", "reason") is { Length: > 0 } podReason
            ? podReason
            : JsonNodes.GetString(pod, "status", "phase") ?? "Unknown";
        var hasRunning = false;
        if (JsonNodes.GetArray(pod, "status", "containerStatuses") is { } statuses)
        {
            foreach (var status in statuses.Reverse())
            {
                if (JsonNodes.GetString(status, "state", "waiting", "reason") is { Length: > 0 } waiting)
                {
                    reason = waiting;
                }
                else if (JsonNodes.GetObject(status, "state", "terminated") is { } terminated)
                {
                    reason = JsonNodes.GetString(terminated, "reason") is { Length: > 0 } terminatedReason
                        ? terminatedReason
                        : string.Create(CultureInfo.InvariantCulture, $"ExitCode:{JsonNodes.GetInt64(terminated, "exitCode") ?? 0}");
                }
                else if (JsonNodes.GetBoolean(status, "ready") == true && JsonNodes.GetObject(status, "state", "running") is not null)
                {
                    hasRunning = true;
                }
            }
        }

        if (reason == "Completed" && hasRunning)
        {
            reason = "Running";
        }

        return JsonNodes.GetString(pod, "metadata", "deletionTimestamp") is not null ? "Terminating" : reason;
    }

    /// <summary>The effective request of one resource: the larger of the containers' sum and any init container.</summary>
    public static decimal Request(JsonObject pod, string resource)
    {
        decimal Of(JsonNode? container) =>
            Quantity.ParseOrZero(JsonNodes.ScalarText(JsonNodes.Navigate(container, "resources", "requests", resource)) ??
                                 JsonNodes.ScalarText(JsonNodes.Navigate(container, "resources", "limits", resource)));

        var sum = JsonNodes.GetArray(pod, "spec", "containers")?.Sum(Of) ?? 0m;
        var init = JsonNodes.GetArray(pod, "spec", "initContainers")?.Select(Of).DefaultIfEmpty(0m).Max() ?? 0m;
        return Math.Max(sum, init);
    }

    private static string ReadyText(JsonObject pod)
    {
        var total = JsonNodes.GetArray(pod, "spec", "containers")?.Count ?? 0;
        var ready = JsonNodes.GetArray(pod, "status", "containerStatuses")?.Count(s => JsonNodes.GetBoolean(s, "ready") == true) ?? 0;
        return string.Create(CultureInfo.InvariantCulture, $"{ready}/{total}");
    }

    private static string Restarts(JsonObject pod) =>
        (JsonNodes.GetArray(pod, "status", "containerStatuses")?.Sum(s => JsonNodes.GetInt64(s, "restartCount") ?? 0) ?? 0)
        .ToString(CultureInfo.InvariantCulture);

    private static void DefaultTolerations(JsonObject spec)
    {
        var tolerations = spec["tolerations"] as JsonArray ?? [];
        spec["tolerations"] = tolerations;
        foreach (var key in new[] { "node.kubernetes.io/not-ready", "node.kubernetes.io/unreachable" })
        {
            if (!tolerations.Any(t => JsonNodes.GetString(t, "key") == key))
            {
                tolerations.Add(new JsonObject
                {
                    ["key"] = key,
                    ["operator"] = "Exists",
                    ["effect"] = "NoExecute",
                    ["tolerationSeconds"] = 300,
                });
            }
        }
    }

    private static void DefaultContainer(JsonObject container)
    {
        var image = JsonNodes.GetString(container, "image") ?? string.Empty;
        var lastSegment = image[(image.LastIndexOf('/') + 1)..];
        var latest = !lastSegment.Contains(':', StringComparison.Ordinal) || lastSegment.EndsWith(":latest", StringComparison.Ordinal);
        container["imagePullPolicy"] ??= latest && !image.Contains('@', StringComparison.Ordinal) ? "Always" : "IfNotPresent";
        container["terminationMessagePath"] ??= "/dev/termination-log";
        container["terminationMessagePolicy"] ??= "File";
        var resources = JsonNodes.Ensure(container, "resources");
        NormalizeQuantities(resources["limits"] as JsonObject);
        NormalizeQuantities(resources["requests"] as JsonObject);
        if (resources["limits"] is JsonObject limits)
        {
            var requests = JsonNodes.Ensure(resources, "requests");
            foreach (var (name, value) in limits)
            {
                requests[name] ??= value?.DeepClone();
            }
        }

        if (container["ports"] is JsonArray ports)
        {
            foreach (var port in ports.OfType<JsonObject>())
            {
                port["protocol"] ??= "TCP";
            }
        }
    }

    /// <summary>Quantities are strings on the wire even when a manifest wrote a bare number.</summary>
    private static void NormalizeQuantities(JsonObject? quantities)
    {
        if (quantities is null)
        {
            return;
        }

        foreach (var (name, value) in quantities.ToList())
        {
            if (value is JsonValue number && number.GetValueKind() == System.Text.Json.JsonValueKind.Number)
            {
                quantities[name] = number.ToJsonString();
            }
        }
    }

    private static string QosClass(JsonObject pod)
    {
        var containers = JsonNodes.GetArray(pod, "spec", "containers")?.OfType<JsonObject>().ToList() ?? [];
        var anyResources = containers.Any(c => JsonNodes.GetObject(c, "resources", "requests") is { Count: > 0 } ||
                                               JsonNodes.GetObject(c, "resources", "limits") is { Count: > 0 });
        if (!anyResources)
        {
            return "BestEffort";
        }

        var guaranteed = containers.All(c =>
            JsonNodes.GetObject(c, "resources", "limits") is { } limits &&
            limits.ContainsKey("cpu") && limits.ContainsKey("memory") &&
            (JsonNodes.GetObject(c, "resources", "requests") ?? limits).All(pair =>
                JsonNodes.DeepEquals(limits[pair.Key], pair.Value)));
        return guaranteed ? "Guaranteed" : "Burstable";
    }

    private static bool SameImmutableSpec(JsonObject obj, JsonObject old) =>
        JsonNodes.DeepEquals(MutablePartsRemoved(obj), MutablePartsRemoved(old));

    private static JsonObject MutablePartsRemoved(JsonObject pod)
    {
        var spec = JsonNodes.GetObject(pod, "spec") is { } found ? JsonNodes.CloneObject(found) : [];
        foreach (var field in new[] { "activeDeadlineSeconds", "tolerations", "terminationGracePeriodSeconds", "schedulingGates" })
        {
            spec.Remove(field);
        }

        foreach (var list in new[] { "containers", "initContainers" })
        {
            if (spec[list] is JsonArray containers)
            {
                foreach (var container in containers.OfType<JsonObject>())
                {
                    container.Remove("image");
                }
            }
        }

        return spec;
    }
}
