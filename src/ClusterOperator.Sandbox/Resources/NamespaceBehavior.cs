using System.Text.Json.Nodes;
using ClusterOperator.Sandbox.Json;

namespace ClusterOperator.Sandbox.Resources;

/// <summary>core/v1 namespaces: the kubernetes finalizer, the Active phase and the metadata.name label.</summary>
internal sealed class NamespaceBehavior : ResourceBehavior
{
    private static readonly TableLayout Layout = new(
        [TableLayout.NameColumn, new TableColumn("Status", "string", "The status of the namespace"), TableLayout.AgeColumn],
        (ns, now) => [TableLayout.Name(ns), JsonNodes.GetString(ns, "status", "phase") ?? string.Empty, TableLayout.Age(ns, now)]);

    public override TableLayout Table => Layout;

    public override bool SupportsField(string field) => base.SupportsField(field) || field == "status.phase";

    public override void ApplyDefaults(JsonObject obj)
    {
        var name = JsonNodes.GetString(obj, "metadata", "name");
        if (name is not null)
        {
            JsonNodes.Ensure(obj, "metadata", "labels")["kubernetes.io/metadata.name"] = name;
        }
    }

    public override void PrepareForCreate(JsonObject obj, ResourceDefinition definition, OperationContext context)
    {
        obj["spec"] = new JsonObject { ["finalizers"] = new JsonArray("kubernetes") };
        obj["status"] = new JsonObject { ["phase"] = "Active" };
    }
}
