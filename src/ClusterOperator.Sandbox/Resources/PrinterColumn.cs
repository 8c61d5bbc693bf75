using System.Text.Json.Nodes;
using ClusterOperator.Sandbox.Json;

namespace ClusterOperator.Sandbox.Resources;

/// <summary>A CRD additionalPrinterColumns entry.</summary>
internal sealed record PrinterColumn(string Name, string Type, string Format, string Description, int Priority,
    JsonPathExpression Path)
{
    public static PrinterColumn FromCrd(JsonObject column) => new(
        JsonNodes.GetString(column, "name") ?? string.Empty,
        JsonNodes.GetString(column, "type") ?? "string",
        JsonNodes.GetString(column, "format") ?? string.Empty,
        JsonNodes.GetString(column, "description") ?? string.Empty,
        (int)(JsonNodes.GetInt64(column, "priority") ?? 0),
        JsonPathExpression.Parse(JsonNodes.GetString(column, "jsonPath") ?? "."));

    public JsonNode? Cell(JsonObject obj, DateTimeOffset now)
    {
        var values = Path.Evaluate(obj);
        var value = values.Count > 0 ? values[0] : null;
        if (value is null)
        {
            return null;
        }

        return Type switch
        {
            "date" => TableLayout.Since(JsonNodes.ScalarText(value), now),
            "integer" or "number" or "boolean" => value.DeepClone(),
            _ => value is JsonValue ? JsonNodes.ScalarText(value) : JsonNodes.ToJson(value),
        };
    }
}
