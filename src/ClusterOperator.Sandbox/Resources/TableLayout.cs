using System.Text.Json.Nodes;
using ClusterOperator.Sandbox.Json;

namespace ClusterOperator.Sandbox.Resources;

/// <summary>The columns kubectl get shows for a resource and how to fill them from an object.</summary>
internal sealed class TableLayout(IReadOnlyList<TableColumn> columns, Func<JsonObject, DateTimeOffset, JsonNode?[]> cells)
{
    public static TableColumn NameColumn { get; } =
        new("Name", "string", "Name must be unique within a namespace.", Format: "name");

    public static TableColumn AgeColumn { get; } =
        new("Age", "string", "CreationTimestamp is a timestamp representing the server time when this object was created.");

    public static TableLayout NameAge { get; } = new([NameColumn, AgeColumn], (obj, now) => [Name(obj), Age(obj, now)]);

    public IReadOnlyList<TableColumn> Columns { get; } = columns;

    public JsonNode?[] Cells(JsonObject obj, DateTimeOffset now) => cells(obj, now);

    public static string Name(JsonObject obj) => JsonNodes.GetString(obj, "metadata", "name") ?? string.Empty;

    public static string Age(JsonObject obj, DateTimeOffset now) =>
        Since(JsonNodes.GetString(obj, "metadata", "creationTimestamp"), now);

    public static string Since(string? timestamp, DateTimeOffset now) =>
        Timestamps.Parse(timestamp) is { } time ? HumanDuration.Format(now - time) : "<unknown>";
}
