using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ClusterOperator.Sandbox.Errors;
using ClusterOperator.Sandbox.Json;

namespace ClusterOperator.Sandbox.Resources;

/// <summary>ObjectMeta validation shared by every resource: names, labels, annotations, owner references.</summary>
internal static partial class MetadataValidator
{
    private const int MaxAnnotationBytes = 256 * 1024;

    public static void Validate(JsonObject obj, ResourceDefinition definition, List<FieldError> errors)
    {
        var metadata = JsonNodes.Metadata(obj);
        var name = JsonNodes.GetString(metadata, "name");
        if (string.IsNullOrEmpty(name))
        {
            errors.Add(FieldError.Required("metadata.name", "name or generateName is required"));
        }
        else if (NameProblem(name, definition.NameRule) is { } problem)
        {
            errors.Add(FieldError.Invalid("metadata.name", name, problem));
        }

        ValidateStringMap(metadata, "labels", errors, validateLabel: true);
        ValidateStringMap(metadata, "annotations", errors, validateLabel: false);
        if (metadata["annotations"] is JsonObject annotations &&
            annotations.Sum(pair => pair.Key.Length + Encoding.UTF8.GetByteCount(JsonNodes.ScalarText(pair.Value) ?? string.Empty)) >
            MaxAnnotationBytes)
        {
            errors.Add(new FieldError("FieldValueTooLong", "metadata.annotations",
                $"Too long: must have at most {MaxAnnotationBytes} bytes"));
        }

        if (metadata["finalizers"] is JsonArray finalizers)
        {
            for (var index = 0; index < finalizers.Count; index++)
            {
                if (finalizers[index] is not JsonValue value || value.GetValueKind() != JsonValueKind.String)
                {
                    errors.Add(FieldError.Invalid($"metadata.finalizers[{index}]", finalizers[index], "must be a string"));
                }
            }
        }
        else if (metadata["finalizers"] is not null)
        {
            errors.Add(FieldError.Invalid("metadata.finalizers", metadata["finalizers"], "must be a list of strings"));
        }

        if (metadata["ownerReferences"] is JsonArray owners)
        {
            for (var index = 0; index < owners.Count; index++)
            {
                var path = $"metadata.ownerReferences[{index}]";
                foreach (var field in new[] { "apiVersion", "kind", "name", "uid" })
                {
                    if (JsonNodes.GetString(owners[index], field) is not { Length: > 0 })
                    {
                        errors.Add(FieldError.Invalid($"{path}.{field}", string.Empty, $"{field} must not be empty"));
                    }
                }
            }

            if (owners.Count(o => JsonNodes.GetBoolean(o, "controller") == true) > 1)
            {
                errors.Add(FieldError.Invalid("metadata.ownerReferences", owners, "Only one reference can have Controller set to true"));
            }
        }
    }

    public static string? NameProblem(string name, NameRule rule) => rule switch
    {
        NameRule.Label when name.Length > 63 || !LabelName().IsMatch(name) =>
            "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end " +
            "with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is " +
            "'[a-z0-9]([-a-z0-9]*[a-z0-9])?')",
        NameRule.Subdomain when name.Length > 253 || !SubdomainName().IsMatch(name) =>
            "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start " +
            "and end with an alphanumeric character (e.g. 'example.com', regex used for validation is " +
            "'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
        NameRule.PathSegment when name is "." or ".." || name.Contains('/', StringComparison.Ordinal) ||
                                  name.Contains('%', StringComparison.Ordinal) =>
            "may not be '.' or '..' and may not contain '/' or '%'",
        _ => null,
    };

    private static void ValidateStringMap(JsonObject metadata, string field, List<FieldError> errors, bool validateLabel)
    {
        switch (metadata[field])
        {
            case null:
                return;
            case JsonObject map:
                foreach (var (key, value) in map)
                {
                    var path = $"metadata.{field}";
                    if (value is not JsonValue text || text.GetValueKind() != JsonValueKind.String)
                    {
                        errors.Add(FieldError.TypeInvalid($"{path}.{key}", value, "must be a string"));
                        continue;
                    }

                    if (!QualifiedKey(key))
                    {
                        errors.Add(FieldError.Invalid(path, key,
                            "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an " +
                            "alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is " +
                            "'([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' " +
                            "(e.g. 'example.com/MyName')"));
                    }

                    var labelValue = text.GetValue<string>();
                    if (validateLabel && (labelValue.Length > 63 || (labelValue.Length > 0 && !LabelValue().IsMatch(labelValue))))
                    {
                        errors.Add(FieldError.Invalid($"{path}", labelValue,
                            "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', " +
                            "and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or " +
                            "'12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')"));
                    }
                }

                return;
            default:
                errors.Add(FieldError.TypeInvalid($"metadata.{field}", metadata[field], "must be a map of strings"));
                return;
        }
    }

    private static bool QualifiedKey(string key)
    {
        var slash = key.IndexOf('/', StringComparison.Ordinal);
        var name = slash < 0 ? key : key[(slash + 1)..];
        if (slash >= 0)
        {
            var prefix = key[..slash];
            if (prefix.Length == 0 || prefix.Length > 253 || !SubdomainName().IsMatch(prefix))
            {
                return false;
            }
        }

        return name.Length is > 0 and <= 63 && LabelValue().IsMatch(name);
    }

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")]
    private static partial Regex LabelName();

    [GeneratedRegex(@"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")]
    private static partial Regex SubdomainName();

    [GeneratedRegex("^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$")]
    private static partial Regex LabelValue();
}
