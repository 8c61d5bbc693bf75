using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ClusterOperator.Sandbox.Cel;

/// <summary>
/// CEL values as the interpreter holds them: null, bool, long, double, string, a list of values, or a JSON object
/// as a map. Kubernetes objects stay JSON until a field is selected.
/// </summary>
internal static class CelValues
{
    public static object? FromJson(JsonNode? node) => node switch
    {
        null => null,
        JsonObject map => map,
        JsonArray list => list.Select(FromJson).ToList(),
        JsonValue value => value.GetValueKind() switch
        {
            JsonValueKind.String => value.GetValue<string>(),
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            JsonValueKind.Number => Number(value.ToJsonString()),
            _ => null,
        },
        _ => null,
    };

    /// <summary>CEL equality: numbers compare by value across int and double, other kinds only with their own kind.</summary>
    public static bool Equal(object? left, object? right) => (left, right) switch
    {
        (null, null) => true,
        (null, _) or (_, null) => false,
        (long a, double b) => a == b,
        (double a, long b) => a == b,
        (IReadOnlyList<object?> a, IReadOnlyList<object?> b) => a.Count == b.Count && a.Zip(b).All(p => Equal(p.First, p.Second)),
        (JsonObject a, JsonObject b) => JsonNode.DeepEquals(a, b),
        _ => left.GetType() == right.GetType() && left.Equals(right),
    };

    public static string TypeName(object? value) => value switch
    {
        null => "null_type",
        bool => "bool",
        long => "int",
        double => "double",
        string => "string",
        IReadOnlyList<object?> => "list",
        JsonObject => "map",
        _ => value.GetType().Name,
    };

    /// <summary>A JSON number without a fraction or exponent is an int, as CEL reads JSON; others are doubles.</summary>
    private static object Number(string text) =>
        long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer)
            ? integer
            : (object)double.Parse(text, CultureInfo.InvariantCulture);
}
