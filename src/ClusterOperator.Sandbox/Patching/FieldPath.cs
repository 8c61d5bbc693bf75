using System.Text.Json.Nodes;
using ClusterOperator.Sandbox.Json;

namespace ClusterOperator.Sandbox.Patching;

/// <summary>
/// A path in the managedFields (fieldsV1) notation: segments like <c>f:spec</c>, <c>k:{"name":"main"}</c>
/// and <c>v:"value"</c>. Paths are kept as a single string joined by newlines, which never occur in segments.
/// </summary>
internal static class FieldPath
{
    public const char Separator = '\n';

    public static string Join(string parent, string segment) =>
        parent.Length == 0 ? segment : parent + Separator + segment;

    public static string[] Split(string path) => path.Split(Separator);

    public static string Field(string name) => "f:" + name;

    public static string Key(JsonObject item, IReadOnlyList<string> keys)
    {
        var key = new JsonObject();
        foreach (var name in keys.Order(StringComparer.Ordinal))
        {
            if (item[name] is { } value)
            {
                key[name] = value.DeepClone();
            }
        }

        return "k:" + JsonNodes.ToJson(key);
    }

    public static string Value(JsonNode? value) => "v:" + (value is null ? "null" : JsonNodes.ToJson(value));

    /// <summary>Renders a set of paths as a fieldsV1 object.</summary>
    public static JsonObject ToFieldsV1(IEnumerable<string> paths)
    {
        var root = new JsonObject();
        var members = new List<JsonObject>();
        foreach (var path in paths)
        {
            var current = root;
            foreach (var segment in Split(path))
            {
                if (current[segment] is not JsonObject next)
                {
                    next = [];
                    current[segment] = next;
                }

                current = next;
            }

            members.Add(current);
        }

        // A node that is itself owned and also has owned children carries a "." entry.
        foreach (var member in members.Where(member => member.Count > 0 && !member.ContainsKey(".")))
        {
            member["."] = new JsonObject();
        }

        return root;
    }

    /// <summary>Reads a fieldsV1 object back into the set of owned paths.</summary>
    public static HashSet<string> FromFieldsV1(JsonObject? fields)
    {
        var result = new HashSet<string>(StringComparer.Ordinal);
        if (fields is not null)
        {
            Collect(fields, string.Empty, result);
        }

        return result;
    }

    private static void Collect(JsonObject node, string path, HashSet<string> result)
    {
        if (node.Count == 0 && path.Length > 0)
        {
            result.Add(path);
            return;
        }

        foreach (var (segment, child) in node)
        {
            if (segment == ".")
            {
                result.Add(path);
                continue;
            }

            if (child is JsonObject childObject)
            {
                Collect(childObject, Join(path, segment), result);
            }
        }
    }
}
