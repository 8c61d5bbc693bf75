using System.Collections;
using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Reflection;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace ClusterOperator.Api.Schema;

/// <summary>
/// Derives a structural OpenAPI v3 schema from the C# API types, so the CRDs can never drift from the code.
/// Descriptions, bounds, patterns and defaults come from System.ComponentModel and DataAnnotations attributes.
/// </summary>
public static class SchemaGenerator
{
    public static JsonObject ForType(Type type, string? description = null)
    {
        var schema = new JsonObject { ["type"] = "object" };
        AddDescription(schema, description ?? type.GetCustomAttribute<DescriptionAttribute>()?.Description);
        var properties = new JsonObject();
        var required = new JsonArray();
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            var name = property.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name;
            if (name is null)
            {
                continue;
            }

            properties[name] = ForProperty(property);
            if (property.GetCustomAttribute<RequiredAttribute>() is not null)
            {
                required.Add(name);
            }
        }

        schema["properties"] = properties;
        if (required.Count > 0)
        {
            schema["required"] = required;
        }

        return schema;
    }

    private static JsonObject ForProperty(PropertyInfo property)
    {
        var description = property.GetCustomAttribute<DescriptionAttribute>()?.Description;
        JsonObject schema;
        if (property.GetCustomAttribute<PodTemplateAttribute>() is not null)
        {
            schema = PodTemplate(description);
        }
        else if (property.GetCustomAttribute<PreserveUnknownFieldsAttribute>() is not null)
        {
            schema = PreservedList(description);
        }
        else
        {
            schema = ForValueType(property.PropertyType, description);
        }

        ApplyConstraints(schema, property);
        return schema;
    }

    private static JsonObject ForValueType(Type type, string? description)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        JsonObject schema;
        if (type == typeof(string))
        {
            schema = new JsonObject { ["type"] = "string" };
        }
        else if (type == typeof(int))
        {
            schema = new JsonObject { ["type"] = "integer", ["format"] = "int32" };
        }
        else if (type == typeof(long))
        {
            schema = new JsonObject { ["type"] = "integer", ["format"] = "int64" };
        }
        else if (type == typeof(double))
        {
            schema = new JsonObject { ["type"] = "number" };
        }
        else if (type == typeof(bool))
        {
            schema = new JsonObject { ["type"] = "boolean" };
        }
        else if (type == typeof(DateTime) || type == typeof(DateTimeOffset))
        {
            schema = new JsonObject { ["type"] = "string", ["format"] = "date-time" };
        }
        else if (type.IsEnum)
        {
            schema = new JsonObject
            {
                ["type"] = "string",
                ["enum"] = new JsonArray([.. Enum.GetNames(type).Select(n => JsonValue.Create(n))]),
            };
        }
        else if (ElementType(type) is { } element)
        {
            schema = new JsonObject { ["type"] = "array", ["items"] = ForValueType(element, null) };
        }
        else
        {
            return ForType(type, description);
        }

        AddDescription(schema, description);
        return schema;
    }

    private static void ApplyConstraints(JsonObject schema, PropertyInfo property)
    {
        var isArray = (string?)schema["type"] == "array";
        if (property.GetCustomAttribute<RangeAttribute>() is { } range)
        {
            schema["minimum"] = JsonValue.Create(Convert.ToInt64(range.Minimum, System.Globalization.CultureInfo.InvariantCulture));
            schema["maximum"] = JsonValue.Create(Convert.ToInt64(range.Maximum, System.Globalization.CultureInfo.InvariantCulture));
        }

        if (property.GetCustomAttribute<MaxLengthAttribute>() is { } maxLength)
        {
            schema[isArray ? "maxItems" : "maxLength"] = maxLength.Length;
        }

        if (property.GetCustomAttribute<RegularExpressionAttribute>() is { } pattern)
        {
            schema["pattern"] = pattern.Pattern;
        }

        if (property.GetCustomAttribute<DurationAttribute>() is not null)
        {
            schema["pattern"] = NamePatterns.Duration;
        }

        if (property.GetCustomAttribute<DefaultValueAttribute>() is { Value: { } value })
        {
            schema["default"] = JsonValue.Create(value);
        }
    }

    private static JsonObject PodTemplate(string? description)
    {
        var schema = new JsonObject
        {
            ["type"] = "object",
            ["x-kubernetes-preserve-unknown-fields"] = true,
            ["required"] = new JsonArray("spec"),
            ["properties"] = new JsonObject
            {
                ["metadata"] = Preserved(null),
                ["spec"] = new JsonObject
                {
                    ["type"] = "object",
                    ["x-kubernetes-preserve-unknown-fields"] = true,
                    ["required"] = new JsonArray("containers"),
                    ["properties"] = new JsonObject
                    {
                        ["containers"] = new JsonObject
                        {
                            ["type"] = "array",
                            ["minItems"] = 1,
                            ["items"] = Preserved(null),
                        },
                    },
                },
            },
        };
        AddDescription(schema, description);
        return schema;
    }

    private static JsonObject PreservedList(string? description)
    {
        var schema = new JsonObject { ["type"] = "array", ["items"] = Preserved(null) };
        AddDescription(schema, description);
        return schema;
    }

    private static JsonObject Preserved(string? description)
    {
        var schema = new JsonObject { ["type"] = "object", ["x-kubernetes-preserve-unknown-fields"] = true };
        AddDescription(schema, description);
        return schema;
    }

    private static Type? ElementType(Type type)
    {
        if (type == typeof(string) || !typeof(IEnumerable).IsAssignableFrom(type))
        {
            return null;
        }

        return type.IsArray
            ? type.GetElementType()
            : type.GetInterfaces().Append(type)
                .FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>))
                ?.GetGenericArguments()[0];
    }

    private static void AddDescription(JsonObject schema, string? description)
    {
        if (!string.IsNullOrEmpty(description))
        {
            schema.Insert(0, "description", description);
        }
    }
}
