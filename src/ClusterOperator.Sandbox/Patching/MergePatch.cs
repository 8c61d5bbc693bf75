using System.Text.Json.Nodes;

namespace ClusterOperator.Sandbox.Patching;

/// <summary>RFC 7386 JSON merge patch: objects merge recursively, null deletes, everything else replaces.</summary>
internal static class MergePatch
{
    public static JsonNode? Apply(JsonNode? target, JsonNode? patch)
    {
        if (patch is not JsonObject patchObject)
        {
            return patch?.DeepClone();
        }

        var result = target is JsonObject targetObject ? (JsonObject)targetObject.DeepClone() : [];
        foreach (var (key, value) in patchObject)
        {
            if (value is null)
            {
                result.Remove(key);
                continue;
            }

            // Apply copies whatever it keeps, so the existing child can be passed as is.
            result.TryGetPropertyValue(key, out var existing);
            result[key] = Apply(existing, value);
        }

        return result;
    }
}
