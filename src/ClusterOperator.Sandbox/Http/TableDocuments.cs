using System.Text.Json.Nodes;
using ClusterOperator.Sandbox.Json;
using ClusterOperator.Sandbox.Resources;

namespace ClusterOperator.Sandbox.Http;

/// <summary>Server-side printing: meta.k8s.io/v1 Table responses for kubectl get.</summary>
internal static class TableDocuments
{
    public static bool Wanted(string? accept) =>
        accept is not null && accept.Contains("as=Table", StringComparison.Ordinal);

    public static JsonObject Build(ResourceDefinition definition, IEnumerable<JsonObject> objects, string resourceVersion,
        string? continueToken, string? includeObject, DateTimeOffset now, bool includeColumns = true)
    {
        var layout = definition.Behavior.Table;
        var rows = new JsonArray();
        foreach (var obj in objects)
        {
            var row = new JsonObject
            {
                ["cells"] = new JsonArray(layout.Cells(obj, now).Select(c => c?.DeepClone()).ToArray()),
            };
            switch (includeObject)
            {
                case "None":
                    break;
                case "Object":
                    row["object"] = obj.DeepClone();
                    break;
                default:
                    row["object"] = new JsonObject
                    {
                        ["kind"] = "PartialObjectMetadata",
                        ["apiVersion"] = "meta.k8s.io/v1",
                        ["metadata"] = JsonNodes.GetObject(obj, "metadata")?.DeepClone(),
                    };
                    break;
            }

            rows.Add(row);
        }

        var metadata = new JsonObject { ["resourceVersion"] = resourceVersion };
        if (continueToken is not null)
        {
            metadata["continue"] = continueToken;
        }

        var table = new JsonObject
        {
            ["kind"] = "Table",
            ["apiVersion"] = "meta.k8s.io/v1",
            ["metadata"] = metadata,
        };
        if (includeColumns)
        {
            table["columnDefinitions"] = new JsonArray(layout.Columns.Select(c => (JsonNode)new JsonObject
            {
                ["name"] = c.Name,
                ["type"] = c.Type,
                ["format"] = c.Format,
                ["description"] = c.Description,
                ["priority"] = c.Priority,
            }).ToArray());
        }

        table["rows"] = rows;
        return table;
    }
}
