using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using ClusterOperator.Sandbox.Json;

namespace ClusterOperator.Sandbox.Resources;

/// <summary>core/v1 secrets: stringData folds into base64 data; the type defaults to Opaque.</summary>
internal sealed class SecretBehavior : ResourceBehavior
{
    private static readonly TableLayout Layout = new(
        [
            TableLayout.NameColumn,
            new TableColumn("Type", "string", "The type of the secret"),
            new TableColumn("Data", "string", "The number of entries in the secret"),
            TableLayout.AgeColumn,
        ],
        (secret, now) =>
        [
            TableLayout.Name(secret), JsonNodes.GetString(secret, "type") ?? "Opaque",
            (JsonNodes.GetObject(secret, "data")?.Count ?? 0).ToString(CultureInfo.InvariantCulture),
            TableLayout.Age(secret, now),
        ]);

    public override TableLayout Table => Layout;

    public override bool SupportsField(string field) => base.SupportsField(field) || field == "type";

    public override void ApplyDefaults(JsonObject obj)
    {
        obj["type"] ??= "Opaque";
        if (obj["stringData"] is JsonObject stringData)
        {
            var data = obj["data"] as JsonObject ?? [];
            obj["data"] = data;
            foreach (var (key, value) in stringData)
            {
                data[key] = Convert.ToBase64String(Encoding.UTF8.GetBytes(JsonNodes.ScalarText(value) ?? string.Empty));
            }

            obj.Remove("stringData");
        }
    }
}
