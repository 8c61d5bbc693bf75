using System.Text.Json.Nodes;
using ClusterOperator.Sandbox.Json;

namespace ClusterOperator.Sandbox.Errors;

/// <summary>One field problem of a 422 Invalid response, worded the way the real API server words it.</summary>
internal sealed record FieldError(string Reason, string Field, string Message)
{
    public static FieldError Required(string field) =>
        new("FieldValueRequired", field, "Required value");

    public static FieldError Required(string field, string detail) =>
        new("FieldValueRequired", field, $"Required value: {detail}");

    public static FieldError Invalid(string field, JsonNode? value, string detail) =>
        new("FieldValueInvalid", field, $"Invalid value: {Render(value)}: {detail}");

    public static FieldError Invalid(string field, string value, string detail) =>
        new("FieldValueInvalid", field, $"Invalid value: \"{value}\": {detail}");

    public static FieldError TypeInvalid(string field, JsonNode? value, string detail) =>
        new("FieldValueTypeInvalid", field, $"Invalid value: {Render(value)}: {detail}");

    public static FieldError NotSupported(string field, JsonNode? value, IEnumerable<string> supported) =>
        new("FieldValueNotSupported", field,
            $"Unsupported value: {Render(value)}: supported values: {string.Join(", ", supported)}");

    public static FieldError TooLong(string field, long maximum) =>
        new("FieldValueTooLong", field, $"Too long: may not be more than {maximum} bytes");

    public static FieldError TooMany(string field, long maximum) =>
        new("FieldValueTooMany", field, $"Too many: must have at most {maximum} items");

    public static FieldError Forbidden(string field, string detail) =>
        new("FieldValueForbidden", field, $"Forbidden: {detail}");

    public static FieldError Duplicate(string field, JsonNode? value) =>
        new("FieldValueDuplicate", field, $"Duplicate value: {Render(value)}");

    /// <summary>The full text used in the Status message: "field: detail".</summary>
    public string Text => Field.Length == 0 ? Message : $"{Field}: {Message}";

    private static string Render(JsonNode? value)
    {
        if (value is null)
        {
            return "null";
        }

        var text = JsonNodes.ToJson(value);
        return text.Length > 120 ? string.Concat(text.AsSpan(0, 117), "...") : text;
    }
}
