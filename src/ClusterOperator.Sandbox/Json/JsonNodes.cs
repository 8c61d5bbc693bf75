using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ClusterOperator.Sandbox.Json;

/// <summary>Small helpers for navigating and serializing Kubernetes objects held as JSON nodes.</summary>
internal static class JsonNodes
{
    /// <summary>
    /// The deepest nesting any request body may have, applied to every reader and writer so that what is accepted
    /// can also be stored and served. The real API server allows 10,000; the sandbox stops at 1,000 because its
    /// validation, pruning, patching and serialization recurse, and 1,000 levels stay well inside a thread-pool
    /// stack. Deeper bodies are refused with 400.
    /// </summary>
    public const int MaxDepth = 1000;

    /// <summary>Kubernetes output keeps characters such as '+' and '&lt;' readable; responses are never HTML.</summary>
    public static readonly JsonSerializerOptions Options = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        MaxDepth = MaxDepth,
    };

    public static readonly JsonWriterOptions WriterOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        SkipValidation = true,
        MaxDepth = MaxDepth,
    };

    public static byte[] Serialize(JsonNode node) => JsonSerializer.SerializeToUtf8Bytes(node, Options);

    /// <summary>Compact JSON text of a node, with the same depth limit and escaping as responses.</summary>
    public static string ToJson(JsonNode node) => node.ToJsonString(Options);

    public static JsonObject Metadata(JsonObject obj)
    {
        if (obj["metadata"] is JsonObject metadata)
        {
            return metadata;
        }

        metadata = [];
        obj["metadata"] = metadata;
        return metadata;
    }

    public static string? GetString(JsonNode? node, params ReadOnlySpan<string> path)
    {
        var current = Navigate(node, path);
        return current is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
    }

    public static JsonNode? Navigate(JsonNode? node, params ReadOnlySpan<string> path)
    {
        var current = node;
        foreach (var segment in path)
        {
            if (current is not JsonObject obj || !obj.TryGetPropertyValue(segment, out current))
            {
                return null;
            }
        }

        return current;
    }

    public static JsonObject? GetObject(JsonNode? node, params ReadOnlySpan<string> path) =>
        Navigate(node, path) as JsonObject;

    public static JsonArray? GetArray(JsonNode? node, params ReadOnlySpan<string> path) =>
        Navigate(node, path) as JsonArray;

    public static long? GetInt64(JsonNode? node, params ReadOnlySpan<string> path) =>
        TryGetNumber(Navigate(node, path), out var number) && decimal.Truncate(number) == number &&
        number is >= long.MinValue and <= long.MaxValue
            ? (long)number
            : null;

    /// <summary>
    /// Reads any JSON number, whatever CLR type backs the node (parsed JSON, YAML-converted long, or an int
    /// set in code); numbers beyond decimal's range are clamped, which is enough for bound checks.
    /// </summary>
    public static bool TryGetNumber(JsonNode? node, out decimal number)
    {
        number = 0;
        if (node is not JsonValue value || value.GetValueKind() != JsonValueKind.Number)
        {
            return false;
        }

        var text = value.ToJsonString();
        if (decimal.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out number))
        {
            return true;
        }

        number = text.StartsWith('-') ? decimal.MinValue : decimal.MaxValue;
        return true;
    }

    public static bool? GetBoolean(JsonNode? node, params ReadOnlySpan<string> path)
    {
        if (Navigate(node, path) is not JsonValue value)
        {
            return null;
        }

        return value.GetValueKind() switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => null,
        };
    }

    /// <summary>Returns the object at the path, creating empty objects along the way.</summary>
    public static JsonObject Ensure(JsonObject root, params ReadOnlySpan<string> path)
    {
        var current = root;
        foreach (var segment in path)
        {
            if (current[segment] is not JsonObject next)
            {
                next = [];
                current[segment] = next;
            }

            current = next;
        }

        return current;
    }

    /// <summary>The scalar text of a JSON value as Kubernetes selectors and tables see it.</summary>
    public static string? ScalarText(JsonNode? node)
    {
        if (node is not JsonValue value)
        {
            return null;
        }

        return value.GetValueKind() switch
        {
            JsonValueKind.String => value.GetValue<string>(),
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            JsonValueKind.Number => value.ToJsonString(),
            _ => null,
        };
    }

    public static JsonObject CloneObject(JsonObject obj) => (JsonObject)obj.DeepClone();

    public static bool DeepEquals(JsonNode? left, JsonNode? right) => JsonNode.DeepEquals(left, right);
}
