using System.Text.Json.Nodes;
using ClusterOperator.Sandbox.Errors;

namespace ClusterOperator.Sandbox.Patching;

/// <summary>
/// Strategic merge patch for built-in kinds: maps merge, lists with a merge key merge item by item, primitive
/// "merge" lists union, other lists replace. Honours the directives kubectl sends: <c>$patch</c>
/// (replace/delete/merge), <c>$retainKeys</c>, <c>$deleteFromPrimitiveList/…</c> and <c>$setElementOrder/…</c>.
/// </summary>
internal static class StrategicMergePatch
{
    private const string PatchDirective = "$patch";
    private const string RetainKeysDirective = "$retainKeys";
    private const string DeleteFromPrimitiveListPrefix = "$deleteFromPrimitiveList/";
    private const string SetElementOrderPrefix = "$setElementOrder/";

    public static JsonObject Apply(JsonObject original, JsonNode? patch, PatchSchema schema)
    {
        if (patch is not JsonObject patchObject)
        {
            throw new ApiException(422, "Invalid", "a strategic merge patch must be a JSON object");
        }

        var result = (JsonObject)original.DeepClone();
        return MergeMap(result, patchObject, string.Empty, schema) ?? [];
    }

    private static JsonObject? MergeMap(JsonObject target, JsonObject patch, string path, PatchSchema schema)
    {
        var directive = patch[PatchDirective]?.GetValue<string>();
        switch (directive)
        {
            case "delete":
                return null;
            case "replace":
                var replacement = (JsonObject)patch.DeepClone();
                replacement.Remove(PatchDirective);
                return replacement;
        }

        foreach (var (key, value) in patch)
        {
            if (key == PatchDirective || key == RetainKeysDirective || key.StartsWith(SetElementOrderPrefix, StringComparison.Ordinal))
            {
                continue;
            }

            if (key.StartsWith(DeleteFromPrimitiveListPrefix, StringComparison.Ordinal))
            {
                var field = key[DeleteFromPrimitiveListPrefix.Length..];
                if (target[field] is JsonArray existingList && value is JsonArray toDelete)
                {
                    for (var index = existingList.Count - 1; index >= 0; index--)
                    {
                        if (toDelete.Any(item => JsonNode.DeepEquals(item, existingList[index])))
                        {
                            existingList.RemoveAt(index);
                        }
                    }
                }

                continue;
            }

            var childPath = path.Length == 0 ? key : $"{path}.{key}";
            if (value is null)
            {
                target.Remove(key);
                continue;
            }

            target.TryGetPropertyValue(key, out var existing);
            switch (value)
            {
                case JsonObject childPatch when existing is JsonObject childTarget:
                    var merged = MergeMap(childTarget, childPatch, childPath, schema);
                    if (merged is null)
                    {
                        target.Remove(key);
                    }
                    else if (!ReferenceEquals(merged, childTarget))
                    {
                        target[key] = merged;
                    }

                    break;
                case JsonObject childPatch:
                    var created = MergeMap([], childPatch, childPath, schema);
                    if (created is null)
                    {
                        target.Remove(key);
                    }
                    else
                    {
                        target[key] = created;
                    }

                    break;
                case JsonArray listPatch:
                    target[key] = MergeList(existing as JsonArray, listPatch, childPath, schema);
                    break;
                default:
                    target[key] = value.DeepClone();
                    break;
            }
        }

        if (patch[RetainKeysDirective] is JsonArray retain)
        {
            var keep = retain.Select(item => item?.GetValue<string>()).ToHashSet(StringComparer.Ordinal);
            foreach (var key in target.Select(pair => pair.Key).Where(key => !keep.Contains(key)).ToList())
            {
                target.Remove(key);
            }
        }

        return target;
    }

    private static JsonArray MergeList(JsonArray? target, JsonArray patch, string path, PatchSchema schema)
    {
        var strategy = schema.For(path);
        if (patch.Any(item => item is JsonObject obj && obj[PatchDirective]?.GetValue<string>() == "replace"))
        {
            return new JsonArray(patch.Where(item => !(item is JsonObject obj && obj.ContainsKey(PatchDirective)))
                .Select(item => item?.DeepClone()).ToArray());
        }

        switch (strategy.Kind)
        {
            case ListKind.Set:
                {
                    var result = target is null ? [] : (JsonArray)target.DeepClone();
                    foreach (var item in patch)
                    {
                        if (!result.Any(existing => JsonNode.DeepEquals(existing, item)))
                        {
                            result.Add(item?.DeepClone());
                        }
                    }

                    return result;
                }

            case ListKind.Map:
                {
                    var mergeKey = strategy.Keys[0];
                    var result = target is null ? [] : (JsonArray)target.DeepClone();
                    foreach (var item in patch)
                    {
                        if (item is not JsonObject patchItem)
                        {
                            result.Add(item?.DeepClone());
                            continue;
                        }

                        var keyValue = patchItem[mergeKey];
                        var index = IndexOf(result, mergeKey, keyValue);
                        if (patchItem[PatchDirective]?.GetValue<string>() == "delete")
                        {
                            if (index >= 0)
                            {
                                result.RemoveAt(index);
                            }

                            continue;
                        }

                        if (index >= 0 && result[index] is JsonObject existingItem)
                        {
                            var merged = MergeMap(existingItem, patchItem, path, schema);
                            if (merged is null)
                            {
                                result.RemoveAt(index);
                            }
                            else if (!ReferenceEquals(merged, existingItem))
                            {
                                result[index] = merged;
                            }
                        }
                        else
                        {
                            var created = MergeMap([], patchItem, path, schema);
                            if (created is not null)
                            {
                                result.Add(created);
                            }
                        }
                    }

                    return result;
                }

            default:
                return (JsonArray)patch.DeepClone();
        }
    }

    private static int IndexOf(JsonArray list, string key, JsonNode? value)
    {
        for (var index = 0; index < list.Count; index++)
        {
            if (list[index] is JsonObject obj && JsonNode.DeepEquals(obj[key], value))
            {
                return index;
            }
        }

        return -1;
    }
}
