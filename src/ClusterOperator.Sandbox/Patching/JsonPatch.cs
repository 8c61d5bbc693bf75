using System.Globalization;
using System.Text.Json.Nodes;
using ClusterOperator.Sandbox.Errors;

namespace ClusterOperator.Sandbox.Patching;

/// <summary>RFC 6902 JSON patch: add, remove, replace, move, copy and test.</summary>
internal static class JsonPatch
{
    public static JsonNode Apply(JsonNode document, JsonNode? patch)
    {
        if (patch is not JsonArray operations)
        {
            throw Failed("a JSON patch must be an array of operations");
        }

        var root = document.DeepClone();
        foreach (var operation in operations)
        {
            if (operation is not JsonObject op)
            {
                throw Failed("each JSON patch operation must be an object");
            }

            var kind = op["op"]?.GetValue<string>() ?? throw Failed("missing 'op' in JSON patch operation");
            var path = op["path"]?.GetValue<string>() ?? throw Failed($"missing 'path' in {kind} operation");
            switch (kind)
            {
                case "add":
                    root = Add(root, path, RequireValue(op, kind));
                    break;
                case "remove":
                    root = Remove(root, path, out _);
                    break;
                case "replace":
                    root = Remove(root, path, out _);
                    root = Add(root, path, RequireValue(op, kind));
                    break;
                case "move":
                    {
                        var from = op["from"]?.GetValue<string>() ?? throw Failed("missing 'from' in move operation");
                        root = Remove(root, from, out var moved);
                        root = Add(root, path, moved);
                        break;
                    }

                case "copy":
                    {
                        var from = op["from"]?.GetValue<string>() ?? throw Failed("missing 'from' in copy operation");
                        root = Add(root, path, Get(root, from)?.DeepClone());
                        break;
                    }

                case "test":
                    if (!JsonNode.DeepEquals(Get(root, path), op["value"]))
                    {
                        throw Failed($"testing value {path} failed");
                    }

                    break;
                default:
                    throw Failed($"Unexpected kind: {kind}");
            }
        }

        return root;
    }

    private static JsonNode? RequireValue(JsonObject op, string kind) =>
        op.TryGetPropertyValue("value", out var value)
            ? value?.DeepClone()
            : throw Failed($"missing 'value' in {kind} operation");

    private static List<string> Tokens(string path)
    {
        if (path.Length == 0)
        {
            return [];
        }

        if (!path.StartsWith('/'))
        {
            throw Failed($"invalid JSON pointer {path}");
        }

        return path[1..].Split('/').Select(t => t.Replace("~1", "/", StringComparison.Ordinal)
            .Replace("~0", "~", StringComparison.Ordinal)).ToList();
    }

    private static JsonNode? Get(JsonNode root, string path)
    {
        JsonNode? current = root;
        foreach (var token in Tokens(path))
        {
            current = current switch
            {
                JsonObject obj when obj.TryGetPropertyValue(token, out var child) => child,
                JsonArray array when int.TryParse(token, CultureInfo.InvariantCulture, out var index) &&
                                     index >= 0 && index < array.Count => array[index],
                _ => throw Failed($"doc is missing path: {path}"),
            };
        }

        return current;
    }

    private static JsonNode Add(JsonNode root, string path, JsonNode? value)
    {
        var tokens = Tokens(path);
        if (tokens.Count == 0)
        {
            return value ?? throw Failed("cannot replace the document with null");
        }

        var parent = Get(root, ParentPath(tokens));
        var last = tokens[^1];
        switch (parent)
        {
            case JsonObject obj:
                obj[last] = value;
                break;
            case JsonArray array when last == "-":
                array.Add(value);
                break;
            case JsonArray array when int.TryParse(last, CultureInfo.InvariantCulture, out var index) &&
                                      index >= 0 && index <= array.Count:
                array.Insert(index, value);
                break;
            default:
                throw Failed($"doc is missing path: {path}");
        }

        return root;
    }

    private static JsonNode Remove(JsonNode root, string path, out JsonNode? removed)
    {
        var tokens = Tokens(path);
        if (tokens.Count == 0)
        {
            throw Failed("cannot remove the whole document");
        }

        var parent = Get(root, ParentPath(tokens));
        var last = tokens[^1];
        switch (parent)
        {
            case JsonObject obj when obj.TryGetPropertyValue(last, out var child):
                obj.Remove(last);
                removed = child;
                break;
            case JsonArray array when int.TryParse(last, CultureInfo.InvariantCulture, out var index) &&
                                      index >= 0 && index < array.Count:
                removed = array[index];
                array.RemoveAt(index);
                break;
            default:
                throw Failed($"Unable to remove nonexistent key: {last}: missing value");
        }

        return root;
    }

    private static string ParentPath(List<string> tokens) =>
        string.Concat(tokens.Take(tokens.Count - 1).Select(t =>
            "/" + t.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal)));

    private static ApiException Failed(string message) => new(422, "Invalid", message);
}
