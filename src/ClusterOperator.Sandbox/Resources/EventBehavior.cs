using System.Text.Json.Nodes;
using ClusterOperator.Sandbox.Json;

namespace ClusterOperator.Sandbox.Resources;

/// <summary>core/v1 events: the involvedObject field selectors kubectl describe uses, and event columns.</summary>
internal class EventBehavior : ResourceBehavior
{
    private static readonly HashSet<string> Fields = new(StringComparer.Ordinal)
    {
        "metadata.name", "metadata.namespace", "involvedObject.kind", "involvedObject.namespace", "involvedObject.name",
        "involvedObject.uid", "involvedObject.apiVersion", "involvedObject.resourceVersion", "involvedObject.fieldPath",
        "reason", "reportingComponent", "source", "type",
    };

    private static readonly TableLayout Layout = new(
        [
            new TableColumn("Last Seen", "string", "Time when last event from the same source was seen"),
            new TableColumn("Type", "string", "Type of this event"),
            new TableColumn("Reason", "string", "Short, machine understandable string that describes the event"),
            new TableColumn("Object", "string", "The object this event is about"),
            new TableColumn("Message", "string", "A human-readable description of the event"),
            new TableColumn("Name", "string", "Name of the event", 1, "name"),
        ],
        (ev, now) =>
        [
            TableLayout.Since(
                JsonNodes.GetString(ev, "lastTimestamp") ?? JsonNodes.GetString(ev, "eventTime") ??
                JsonNodes.GetString(ev, "metadata", "creationTimestamp"), now),
            JsonNodes.GetString(ev, "type") ?? string.Empty,
            JsonNodes.GetString(ev, "reason") ?? string.Empty,
            $"{(JsonNodes.GetString(ev, "involvedObject", "kind") ?? string.Empty).ToLowerInvariant()}/{JsonNodes.GetString(ev, "involvedObject", "name")}",
            JsonNodes.GetString(ev, "message") ?? string.Empty,
            TableLayout.Name(ev),
        ]);

    public override TableLayout Table => Layout;

    public override bool SupportsField(string field) => Fields.Contains(field);

    public override string? FieldValue(JsonObject obj, string field) =>
        field == "source" ? JsonNodes.GetString(obj, "source", "component") : base.FieldValue(obj, field);
}
