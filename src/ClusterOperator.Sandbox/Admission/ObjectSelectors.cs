using System.Text.Json.Nodes;
using ClusterOperator.Sandbox.Json;
using ClusterOperator.Sandbox.Selectors;

namespace ClusterOperator.Sandbox.Admission;

/// <summary>Turns a metav1.LabelSelector object (matchLabels, matchExpressions) into a <see cref="LabelSelector"/>.</summary>
internal static class ObjectSelectors
{
    public static LabelSelector Parse(JsonNode? selector)
    {
        var clauses = new List<string>();
        foreach (var (key, value) in JsonNodes.GetObject(selector, "matchLabels") ?? [])
        {
            clauses.Add($"{key}={JsonNodes.ScalarText(value)}");
        }

        foreach (var expression in JsonNodes.GetArray(selector, "matchExpressions")?.OfType<JsonObject>() ?? [])
        {
            var key = JsonNodes.GetString(expression, "key") ?? throw new FormatException("a matchExpression has no key");
            var values = string.Join(",", JsonNodes.GetArray(expression, "values")?.Select(JsonNodes.ScalarText) ?? []);
            clauses.Add(JsonNodes.GetString(expression, "operator") switch
            {
                "In" => $"{key} in ({values})",
                "NotIn" => $"{key} notin ({values})",
                "Exists" => key,
                "DoesNotExist" => "!" + key,
                var other => throw new FormatException($"unknown matchExpressions operator \"{other}\""),
            });
        }

        return LabelSelector.Parse(string.Join(",", clauses));
    }
}
