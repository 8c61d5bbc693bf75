using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using YamlDotNet.Serialization;

namespace ClusterOperator.Api.Schema;

/// <summary>Writes a JSON tree as block-style YAML, keeping property order.</summary>
public static class YamlWriter
{
    private static readonly ISerializer Serializer = new SerializerBuilder().Build();

    public static string Write(JsonNode node) => Serializer.Serialize(ToPlain(node));

    private static object? ToPlain(JsonNode? node) => node switch
    {
        null => null,
        JsonObject obj => obj.ToDictionary(p => p.Key, p => ToPlain(p.Value)),
        JsonArray array => array.Select(ToPlain).ToList(),
        JsonValue value => value.GetValueKind() switch
        {
            JsonValueKind.String => value.GetValue<string>(),
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            JsonValueKind.Number => Number(value.ToJsonString()),
            _ => null,
        },
        _ => throw new ArgumentException($"Unsupported JSON node {node.GetType().Name}.", nameof(node)),
    };

    private static object Number(string raw) =>
        long.TryParse(raw, NumberStyles.Integer, CultureInfo.InvariantCulture, out var whole)
            ? whole
            : double.Parse(raw, CultureInfo.InvariantCulture);
}
