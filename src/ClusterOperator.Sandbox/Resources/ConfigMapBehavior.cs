using System.Globalization;
using ClusterOperator.Sandbox.Json;

namespace ClusterOperator.Sandbox.Resources;

/// <summary>core/v1 configmaps: only the DATA column differs from a plain resource.</summary>
internal sealed class ConfigMapBehavior : ResourceBehavior
{
    private static readonly TableLayout Layout = new(
        [TableLayout.NameColumn, new TableColumn("Data", "string", "Number of data entries"), TableLayout.AgeColumn],
        (map, now) =>
        [
            TableLayout.Name(map),
            ((JsonNodes.GetObject(map, "data")?.Count ?? 0) + (JsonNodes.GetObject(map, "binaryData")?.Count ?? 0))
            .ToString(CultureInfo.InvariantCulture),
            TableLayout.Age(map, now),
        ]);

    public override TableLayout Table => Layout;
}
