using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using ClusterOperator.Api.Model;
using k8s;
using k8s.Models;

namespace ClusterOperator.Operator;

/// <summary>
/// The InvalidSpec mark of a run or experiment the API server stored but the operator cannot read as its type, say a
/// wrong type inside <c>spec.template</c>, whose unknown fields the schema preserves unchecked. Built from the raw
/// object alone, since there is no typed one.
/// </summary>
internal static class UnreadableSpec
{
    /// <summary>A human sentence naming the part that could not be read and why.</summary>
    public static string Message(JsonElement obj, Exception error)
    {
        // Everything outside the template is typed by the schema, so the template is the usual culprit; reading it
        // alone tells so for certain and gives a path inside it.
        if (obj.TryGetProperty("spec", out var spec) && spec.ValueKind == JsonValueKind.Object
            && spec.TryGetProperty("template", out var template) && Unreadable(template) is { } templateError)
        {
            return "spec.template could not be read: " + Reason(templateError, "spec.template");
        }

        return "the object could not be read: " + Reason(error, "");
    }

    /// <summary>
    /// A JSON merge patch of the status that sets the mark for the object's generation, or null when the status
    /// already carries it. Other conditions are kept: a merge patch replaces the whole list.
    /// </summary>
    public static string? StatusPatch(JsonElement obj, string message, DateTimeOffset now)
    {
        var generation = obj.TryGetProperty("metadata", out var metadata) && metadata.TryGetProperty("generation", out var g) && g.TryGetInt64(out var value)
            ? value
            : (long?)null;
        var status = obj.TryGetProperty("status", out var s) && s.ValueKind == JsonValueKind.Object ? s : default;
        if (Text(status, "waitingReason") == message && ObservedGeneration(status) == generation)
        {
            return null;
        }

        var conditions = new JsonArray();
        if (status.ValueKind == JsonValueKind.Object && status.TryGetProperty("conditions", out var list) && list.ValueKind == JsonValueKind.Array)
        {
            foreach (var condition in list.EnumerateArray().Where(c => Text(c, "type") != ConditionTypes.InvalidSpec))
            {
                conditions.Add(JsonNode.Parse(condition.GetRawText()));
            }
        }

        conditions.Add(new JsonObject
        {
            ["type"] = ConditionTypes.InvalidSpec,
            ["status"] = "True",
            ["reason"] = "Unreadable",
            ["message"] = message,
            ["observedGeneration"] = generation,
            ["lastTransitionTime"] = now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
        });
        var patch = new JsonObject
        {
            ["status"] = new JsonObject
            {
                ["phase"] = Text(status, "phase") ?? "Pending",
                ["waitingReason"] = message,
                ["observedGeneration"] = generation,
                ["conditions"] = conditions,
            },
        };
        return patch.ToJsonString();
    }

    private static Exception? Unreadable(JsonElement template)
    {
        try
        {
            KubernetesJson.Deserialize<V1PodTemplateSpec>(template.GetRawText());
            return null;
        }
#pragma warning disable CA1031 // Whatever the model's converters throw is the answer sought.
        catch (Exception error)
#pragma warning restore CA1031
        {
            return error;
        }
    }

    /// <summary>The error's own sentence, with System.Text.Json's path turned into the object's field path.</summary>
    private static string Reason(Exception error, string prefix)
    {
        if (error is JsonException { Path: { } path } json)
        {
            var sentence = json.Message.Split(" Path: ", 2)[0].TrimEnd();
            var field = path.TrimStart('$').TrimStart('.');
            var at = prefix.Length == 0 ? field : field.Length == 0 ? prefix : $"{prefix}.{field}";
            return at.Length == 0 ? sentence : $"{sentence} (at {at})";
        }

        return error.Message;
    }

    private static string? Text(JsonElement element, string property) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    private static long? ObservedGeneration(JsonElement status) =>
        status.ValueKind == JsonValueKind.Object && status.TryGetProperty("observedGeneration", out var value) && value.TryGetInt64(out var number)
            ? number
            : null;
}
