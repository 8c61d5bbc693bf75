using System.Text.Json.Nodes;
using ClusterOperator.Sandbox.Errors;
using ClusterOperator.Sandbox.Json;

namespace ClusterOperator.Sandbox.Patching;

/// <summary>
/// Server-side apply as far as kubectl --server-side and helm 4 need it: each Apply manager owns the set of
/// fields it last applied (recorded in managedFields as fieldsV1); re-applying merges the new configuration,
/// removes fields the manager stopped applying (unless another manager owns them), and reports conflicts
/// with other Apply managers unless forced.
/// </summary>
internal static class ServerSideApply
{
    private static readonly HashSet<string> UnmanagedMetadata = new(StringComparer.Ordinal)
    {
        "name", "namespace", "uid", "resourceVersion", "generation", "creationTimestamp", "managedFields",
        "deletionTimestamp", "deletionGracePeriodSeconds", "selfLink",
    };

    /// <summary>Applies the configuration to <paramref name="live"/> in place and returns it.</summary>
    public static JsonObject Apply(JsonObject live, JsonObject applied, ApplyRequest request)
    {
        var scoped = Scope(WithoutNulls(applied), request.Subresource);
        var newSet = new HashSet<string>(StringComparer.Ordinal);
        Collect(scoped, string.Empty, string.Empty, request.Schema, newSet);

        var metadata = JsonNodes.Metadata(live);
        var entries = metadata["managedFields"] is JsonArray existing
            ? existing.OfType<JsonObject>().Select(entry => (JsonObject)entry.DeepClone()).ToList()
            : [];
        var subresource = request.Subresource ?? string.Empty;
        var mine = entries.FirstOrDefault(entry => IsApplyEntry(entry, request.Manager, subresource));
        var oldSet = FieldPath.FromFieldsV1(mine?["fieldsV1"] as JsonObject);

        var conflicts = new List<(string Manager, string ApiVersion, string Path)>();
        var othersOwned = new HashSet<string>(StringComparer.Ordinal);
        foreach (var other in entries.Where(entry => !ReferenceEquals(entry, mine) &&
                                                     JsonNodes.GetString(entry, "operation") == "Apply" &&
                                                     (JsonNodes.GetString(entry, "subresource") ?? string.Empty) == subresource))
        {
            var otherSet = FieldPath.FromFieldsV1(other["fieldsV1"] as JsonObject);
            var contested = otherSet.Where(path => newSet.Contains(path) && ValueDiffers(live, scoped, path))
                .ToList();
            foreach (var path in contested)
            {
                conflicts.Add((JsonNodes.GetString(other, "manager") ?? string.Empty,
                    JsonNodes.GetString(other, "apiVersion") ?? string.Empty, path));
            }

            if (request.Force)
            {
                otherSet.ExceptWith(contested);
                other["fieldsV1"] = FieldPath.ToFieldsV1(otherSet);
            }

            othersOwned.UnionWith(otherSet);
        }

        if (conflicts.Count > 0 && !request.Force)
        {
            throw ConflictError(conflicts);
        }

        var released = oldSet.Where(path => !newSet.Contains(path) && !othersOwned.Contains(path)).ToHashSet(StringComparer.Ordinal);

        // A released list item or map goes as a whole; its released children need no separate removal.
        foreach (var path in released.Where(path => !HasReleasedAncestor(path, released)).OrderByDescending(path => path.Length))
        {
            RemovePath(live, FieldPath.Split(path));
        }

        MergeInto(live, scoped, string.Empty, request.Schema);

        entries.RemoveAll(entry => JsonNodes.GetString(entry, "operation") == "Apply" &&
                                   entry["fieldsV1"] is JsonObject { Count: 0 } && !ReferenceEquals(entry, mine));
        if (mine is null)
        {
            mine = new JsonObject
            {
                ["manager"] = request.Manager,
                ["operation"] = "Apply",
                ["apiVersion"] = request.ApiVersion,
                ["time"] = Timestamps.Format(request.Now),
                ["fieldsType"] = "FieldsV1",
            };
            if (subresource.Length > 0)
            {
                mine["subresource"] = subresource;
            }

            entries.Add(mine);
        }
        else if (!oldSet.SetEquals(newSet))
        {
            mine["time"] = Timestamps.Format(request.Now);
        }

        mine["fieldsV1"] = FieldPath.ToFieldsV1(newSet);
        JsonNodes.Metadata(live)["managedFields"] = new JsonArray(entries.Select(entry => (JsonNode)entry).ToArray());
        return live;
    }

    private static bool HasReleasedAncestor(string path, HashSet<string> released)
    {
        for (var end = path.LastIndexOf(FieldPath.Separator); end > 0; end = path.LastIndexOf(FieldPath.Separator, end - 1))
        {
            if (released.Contains(path[..end]))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsApplyEntry(JsonObject entry, string manager, string subresource) =>
        JsonNodes.GetString(entry, "manager") == manager &&
        JsonNodes.GetString(entry, "operation") == "Apply" &&
        (JsonNodes.GetString(entry, "subresource") ?? string.Empty) == subresource;

    /// <summary>The main resource ignores status; the status subresource applies only status.</summary>
    private static JsonObject Scope(JsonObject applied, string? subresource)
    {
        var scoped = new JsonObject();
        foreach (var (key, value) in applied)
        {
            var wanted = subresource == "status" ? key == "status" : key != "status";
            if (wanted && key is not "apiVersion" and not "kind")
            {
                scoped[key] = value?.DeepClone();
            }
        }

        if (scoped["metadata"] is JsonObject metadata)
        {
            foreach (var key in UnmanagedMetadata)
            {
                metadata.Remove(key);
            }

            if (metadata.Count == 0)
            {
                scoped.Remove("metadata");
            }
        }

        return scoped;
    }

    private static JsonObject WithoutNulls(JsonObject source)
    {
        var copy = new JsonObject();
        foreach (var (key, value) in source)
        {
            switch (value)
            {
                case null:
                    continue;
                case JsonObject child:
                    copy[key] = WithoutNulls(child);
                    break;
                default:
                    copy[key] = value.DeepClone();
                    break;
            }
        }

        return copy;
    }

    private static void Collect(JsonNode? node, string path, string schemaPath, PatchSchema schema, HashSet<string> set)
    {
        switch (node)
        {
            case JsonObject obj:
                if (obj.Count == 0 && path.Length > 0)
                {
                    set.Add(path);
                }

                foreach (var (key, value) in obj)
                {
                    Collect(value, FieldPath.Join(path, FieldPath.Field(key)),
                        schemaPath.Length == 0 ? key : $"{schemaPath}.{key}", schema, set);
                }

                break;
            case JsonArray array:
                var strategy = schema.For(schemaPath);
                switch (strategy.Kind)
                {
                    case ListKind.Set:
                        foreach (var item in array)
                        {
                            set.Add(FieldPath.Join(path, FieldPath.Value(item)));
                        }

                        break;
                    case ListKind.Map:
                        foreach (var item in array.OfType<JsonObject>())
                        {
                            var itemPath = FieldPath.Join(path, FieldPath.Key(item, strategy.Keys));
                            set.Add(itemPath);
                            foreach (var (key, value) in item)
                            {
                                Collect(value, FieldPath.Join(itemPath, FieldPath.Field(key)), $"{schemaPath}.{key}",
                                    schema, set);
                            }
                        }

                        break;
                    default:
                        set.Add(path);
                        break;
                }

                break;
            default:
                set.Add(path);
                break;
        }
    }

    private static JsonNode? Resolve(JsonNode? root, string[] segments)
    {
        var current = root;
        foreach (var segment in segments)
        {
            current = Step(current, segment, out _);
            if (current is null)
            {
                return null;
            }
        }

        return current;
    }

    private static JsonNode? Step(JsonNode? current, string segment, out int index)
    {
        index = -1;
        if (segment.StartsWith("f:", StringComparison.Ordinal))
        {
            return current is JsonObject obj && obj.TryGetPropertyValue(segment[2..], out var child) ? child : null;
        }

        if (current is not JsonArray array)
        {
            return null;
        }

        for (var position = 0; position < array.Count; position++)
        {
            var item = array[position];
            var matches = segment.StartsWith("k:", StringComparison.Ordinal)
                ? item is JsonObject itemObject && MatchesKey(itemObject, segment)
                : segment == FieldPath.Value(item);
            if (matches)
            {
                index = position;
                return item;
            }
        }

        return null;
    }

    private static bool MatchesKey(JsonObject item, string segment)
    {
        if (RequestJson.Parse(segment[2..]) is not JsonObject key)
        {
            return false;
        }

        return key.All(pair => JsonNode.DeepEquals(item[pair.Key], pair.Value));
    }

    private static bool ValueDiffers(JsonObject live, JsonObject applied, string path)
    {
        var segments = FieldPath.Split(path);
        var liveValue = Resolve(live, segments);
        var appliedValue = Resolve(applied, segments);
        if (liveValue is JsonObject && appliedValue is JsonObject)
        {
            return false;
        }

        return liveValue is not null && !JsonNode.DeepEquals(liveValue, appliedValue);
    }

    private static void RemovePath(JsonObject live, string[] segments)
    {
        var parent = Resolve(live, segments[..^1]);
        var last = segments[^1];
        if (last.StartsWith("f:", StringComparison.Ordinal))
        {
            (parent as JsonObject)?.Remove(last[2..]);
            return;
        }

        Step(parent, last, out var index);
        if (index >= 0 && parent is JsonArray array)
        {
            array.RemoveAt(index);
        }
    }

    private static void MergeInto(JsonObject target, JsonObject applied, string schemaPath, PatchSchema schema)
    {
        foreach (var (key, value) in applied)
        {
            var childPath = schemaPath.Length == 0 ? key : $"{schemaPath}.{key}";
            target.TryGetPropertyValue(key, out var existing);
            switch (value)
            {
                case JsonObject childApplied when existing is JsonObject childTarget:
                    MergeInto(childTarget, childApplied, childPath, schema);
                    break;
                case JsonArray list when existing is JsonArray targetList:
                    target[key] = MergeList(targetList, list, childPath, schema);
                    break;
                default:
                    target[key] = value?.DeepClone();
                    break;
            }
        }
    }

    private static JsonArray MergeList(JsonArray target, JsonArray applied, string schemaPath, PatchSchema schema)
    {
        var strategy = schema.For(schemaPath);
        switch (strategy.Kind)
        {
            case ListKind.Set:
                {
                    var result = (JsonArray)target.DeepClone();
                    foreach (var item in applied.Where(item => !result.Any(existing => JsonNode.DeepEquals(existing, item))))
                    {
                        result.Add(item?.DeepClone());
                    }

                    return result;
                }

            case ListKind.Map:
                {
                    var result = (JsonArray)target.DeepClone();
                    foreach (var item in applied.OfType<JsonObject>())
                    {
                        var key = FieldPath.Key(item, strategy.Keys);
                        var match = result.OfType<JsonObject>().FirstOrDefault(existing => MatchesKey(existing, key));
                        if (match is null)
                        {
                            result.Add(item.DeepClone());
                        }
                        else
                        {
                            MergeInto(match, item, schemaPath, schema);
                        }
                    }

                    return result;
                }

            default:
                return (JsonArray)applied.DeepClone();
        }
    }

    private static ApiException ConflictError(List<(string Manager, string ApiVersion, string Path)> conflicts)
    {
        var causes = new JsonArray();
        foreach (var (manager, apiVersion, path) in conflicts)
        {
            causes.Add(new JsonObject
            {
                ["reason"] = "FieldManagerConflict",
                ["message"] = $"conflict with \"{manager}\" using {apiVersion}",
                ["field"] = Readable(path),
            });
        }

        var lines = conflicts.Select(c => $"- {c.Manager}: {Readable(c.Path)}");
        var noun = conflicts.Count == 1 ? "conflict" : "conflicts";
        return new ApiException(409, "Conflict",
            $"Apply failed with {conflicts.Count} {noun}: {string.Join("\n", lines)}",
            new JsonObject { ["causes"] = causes });
    }

    private static string Readable(string path) =>
        string.Concat(FieldPath.Split(path).Select(segment => segment.StartsWith("f:", StringComparison.Ordinal)
            ? "." + segment[2..]
            : "[" + segment[2..] + "]"));
}
