using System.Text.Json.Nodes;
using ClusterOperator.Sandbox.Json;
using ClusterOperator.Sandbox.Patching;

namespace ClusterOperator.Sandbox.Resources;

/// <summary>core/v1 nodes: status may be set on create (the kubelet registers with it), kubectl columns.</summary>
internal sealed class NodeBehavior : ResourceBehavior
{
    private static readonly PatchSchema Schema = PatchSchema.Build(new Dictionary<string, ListStrategy>
    {
        ["status.conditions"] = ListStrategy.MapBy("type"),
        ["status.addresses"] = ListStrategy.MapBy("type"),
    });

    private static readonly TableLayout Layout = new(
        [
            TableLayout.NameColumn,
            new TableColumn("Status", "string", "The status of the node"),
            new TableColumn("Roles", "string", "The roles of the node"),
            TableLayout.AgeColumn,
            new TableColumn("Version", "string", "Kubelet Version reported by the node."),
            new TableColumn("Internal-IP", "string", "List of internal IPs.", 1),
            new TableColumn("External-IP", "string", "List of external IPs.", 1),
            new TableColumn("OS-Image", "string", "OS Image reported by the node.", 1),
            new TableColumn("Kernel-Version", "string", "Kernel Version reported by the node.", 1),
            new TableColumn("Container-Runtime", "string", "Container Runtime Version reported by the node.", 1),
        ],
        (node, now) =>
        [
            TableLayout.Name(node), StatusText(node), "<none>", TableLayout.Age(node, now),
            JsonNodes.GetString(node, "status", "nodeInfo", "kubeletVersion") ?? string.Empty,
            Address(node, "InternalIP"), Address(node, "ExternalIP"),
            JsonNodes.GetString(node, "status", "nodeInfo", "osImage") ?? "<unknown>",
            JsonNodes.GetString(node, "status", "nodeInfo", "kernelVersion") ?? "<unknown>",
            JsonNodes.GetString(node, "status", "nodeInfo", "containerRuntimeVersion") ?? "<unknown>",
        ]);

    public override TableLayout Table => Layout;

    public override PatchSchema StrategicMergeSchema => Schema;

    public override bool SupportsField(string field) => base.SupportsField(field) || field == "spec.unschedulable";

    public override string? FieldValue(JsonObject obj, string field) =>
        field == "spec.unschedulable" ? (JsonNodes.GetBoolean(obj, "spec", "unschedulable") == true ? "true" : "false") : base.FieldValue(obj, field);

    public override void PrepareForCreate(JsonObject obj, ResourceDefinition definition, OperationContext context)
    {
    }

    private static string StatusText(JsonObject node)
    {
        var ready = JsonNodes.GetArray(node, "status", "conditions")?
            .FirstOrDefault(c => JsonNodes.GetString(c, "type") == "Ready");
        var text = ready is null ? "Unknown" : JsonNodes.GetString(ready, "status") == "True" ? "Ready" : "NotReady";
        return JsonNodes.GetBoolean(node, "spec", "unschedulable") == true ? text + ",SchedulingDisabled" : text;
    }

    private static string Address(JsonObject node, string type) =>
        JsonNodes.GetArray(node, "status", "addresses")?
            .Where(a => JsonNodes.GetString(a, "type") == type)
            .Select(a => JsonNodes.GetString(a, "address"))
            .FirstOrDefault() ?? "<none>";
}
