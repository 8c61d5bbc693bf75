using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ClusterOperator.Sandbox.Json;

/// <summary>
/// Parses request JSON the way the Kubernetes API server (Go encoding/json) does: unpaired surrogate escapes
/// become U+FFFD instead of failing, a repeated key keeps its last value, and nesting up to
/// <see cref="JsonNodes.MaxDepth"/> is accepted. The tree is built without recursion so depth costs no stack.
/// </summary>
internal static class RequestJson
{
    private const char Replacement = '\uFFFD';

    /// <summary>Parses one JSON value; malformed or too deeply nested text throws <see cref="JsonException"/>.</summary>
    public static JsonNode? Parse(string text)
    {
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(text), new JsonReaderOptions { MaxDepth = JsonNodes.MaxDepth });
        var containers = new Stack<JsonNode>();
        string? propertyName = null;
        JsonNode? root = null;
        while (reader.Read())
        {
            JsonNode? node;
            switch (reader.TokenType)
            {
                case JsonTokenType.PropertyName:
                    propertyName = ReadString(ref reader);
                    continue;
                case JsonTokenType.EndObject or JsonTokenType.EndArray:
                    containers.Pop();
                    continue;
                case JsonTokenType.StartObject:
                    node = new JsonObject();
                    break;
                case JsonTokenType.StartArray:
                    node = new JsonArray();
                    break;
                case JsonTokenType.String:
                    node = JsonValue.Create(ReadString(ref reader));
                    break;
                case JsonTokenType.Number:
                    // Keeps the number's original text, as JsonNode.Parse does.
                    node = JsonValue.Create(JsonElement.ParseValue(ref reader));
                    break;
                case JsonTokenType.True or JsonTokenType.False:
                    node = JsonValue.Create(reader.GetBoolean());
                    break;
                default:
                    node = null;
                    break;
            }

            if (containers.TryPeek(out var parent))
            {
                if (parent is JsonObject obj)
                {
                    obj[propertyName!] = node;
                }
                else
                {
                    ((JsonArray)parent).Add(node);
                }
            }
            else
            {
                root = node;
            }

            if (node is JsonObject or JsonArray)
            {
                containers.Push(node);
            }
        }

        return root;
    }

    private static string ReadString(ref Utf8JsonReader reader)
    {
        if (!reader.ValueIsEscaped)
        {
            return reader.GetString()!;
        }

        var raw = reader.HasValueSequence ? reader.ValueSequence.ToArray() : reader.ValueSpan.ToArray();
        return Unescape(Encoding.UTF8.GetString(raw));
    }

    /// <summary>Decodes escapes the reader has already validated, replacing unpaired surrogates with U+FFFD.</summary>
    private static string Unescape(string escaped)
    {
        var decoded = new StringBuilder(escaped.Length);
        for (var i = 0; i < escaped.Length; i++)
        {
            if (escaped[i] != '\\')
            {
                decoded.Append(escaped[i]);
                continue;
            }

            var escape = escaped[++i];
            if (escape == 'u')
            {
                decoded.Append((char)int.Parse(escaped.AsSpan(i + 1, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture));
                i += 4;
                continue;
            }

            decoded.Append(escape switch
            {
                'b' => '\b',
                'f' => '\f',
                'n' => '\n',
                'r' => '\r',
                't' => '\t',
                _ => escape,
            });
        }

        return ReplaceLoneSurrogates(decoded.ToString());
    }

    /// <summary>Replaces each unpaired UTF-16 surrogate with U+FFFD, as Go does when it decodes text.</summary>
    private static string ReplaceLoneSurrogates(string text)
    {
        char[]? repaired = null;
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(text[i]))
            {
                repaired ??= text.ToCharArray();
                repaired[i] = Replacement;
            }
        }

        return repaired is null ? text : new string(repaired);
    }
}
