using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ClusterOperator.Sandbox.Errors;
using ClusterOperator.Sandbox.Json;
using ClusterOperator.Sandbox.Patching;

namespace ClusterOperator.Sandbox.Schema;

/// <summary>
/// A CRD version's openAPIV3Schema applied the way the API server applies it: prune unknown fields, apply
/// defaults (create, update and read), then validate types, required, bounds, enum, lengths and patterns.
/// CEL rules (x-kubernetes-validations) are not evaluated.
/// </summary>
internal sealed class StructuralSchema
{
    private static readonly HashSet<string> ObjectMetaFields = new(StringComparer.Ordinal)
    {
        "name", "generateName", "namespace", "selfLink", "uid", "resourceVersion", "generation", "creationTimestamp",
        "deletionTimestamp", "deletionGracePeriodSeconds", "labels", "annotations", "ownerReferences", "finalizers",
        "managedFields",
    };

    private readonly JsonObject _root;
    private readonly ConcurrentDictionary<string, Regex> _patterns = new(StringComparer.Ordinal);

    public StructuralSchema(JsonObject root) => _root = root;

    /// <summary>Removes fields the schema does not declare; returns their paths (for warnings or strict errors).</summary>
    public List<string> Prune(JsonObject obj)
    {
        var unknown = new List<string>();
        PruneObject(obj, _root, string.Empty, unknown, isRoot: true);
        return unknown;
    }

    public void ApplyDefaults(JsonObject obj) => Default(obj, _root, isRoot: true);

    public List<FieldError> Validate(JsonObject obj)
    {
        var errors = new List<FieldError>();
        var properties = _root["properties"] as JsonObject;
        if (properties is null)
        {
            return errors;
        }

        foreach (var (name, propertySchema) in properties)
        {
            if (name is "apiVersion" or "kind" || propertySchema is not JsonObject schema)
            {
                continue;
            }

            if (obj.TryGetPropertyValue(name, out var value))
            {
                ValidateNode(value, schema, name, errors);
            }
            else if (IsRequired(_root, name) && name != "metadata")
            {
                errors.Add(FieldError.Required(name));
            }
        }

        return errors;
    }

    /// <summary>List merge behaviour for server-side apply, from x-kubernetes-list-type and list-map-keys.</summary>
    public PatchSchema ToPatchSchema()
    {
        var lists = new Dictionary<string, ListStrategy>(PatchSchema.MetadataLists, StringComparer.Ordinal);
        CollectLists(_root, string.Empty, lists, depth: 0);
        return new PatchSchema(lists);
    }

    private static void CollectLists(JsonObject schema, string path, Dictionary<string, ListStrategy> lists, int depth)
    {
        if (depth > 64)
        {
            return;
        }

        if (schema["properties"] is JsonObject properties)
        {
            foreach (var (name, child) in properties)
            {
                if (child is JsonObject childSchema && !(path.Length == 0 && name == "metadata"))
                {
                    CollectLists(childSchema, path.Length == 0 ? name : $"{path}.{name}", lists, depth + 1);
                }
            }
        }

        if (schema["items"] is JsonObject items)
        {
            var listType = JsonNodes.GetString(schema, "x-kubernetes-list-type");
            if (listType == "map" && schema["x-kubernetes-list-map-keys"] is JsonArray keys)
            {
                lists[path] = ListStrategy.MapBy(keys.Select(k => k!.GetValue<string>()).ToArray());
            }
            else if (listType == "set")
            {
                lists[path] = ListStrategy.Set;
            }

            CollectLists(items, path, lists, depth + 1);
        }
    }

    private static bool IsRequired(JsonObject schema, string name) =>
        schema["required"] is JsonArray required && required.Any(r => JsonNodes.ScalarText(r) == name);

    private static bool PreservesUnknown(JsonObject schema) =>
        JsonNodes.GetBoolean(schema, "x-kubernetes-preserve-unknown-fields") == true;

    private static void PruneObject(JsonObject obj, JsonObject schema, string path, List<string> unknown, bool isRoot)
    {
        var properties = schema["properties"] as JsonObject;
        var additional = schema["additionalProperties"];
        var embedded = JsonNodes.GetBoolean(schema, "x-kubernetes-embedded-resource") == true;
        foreach (var (key, value) in obj.ToList())
        {
            var childPath = path.Length == 0 ? key : $"{path}.{key}";
            if ((isRoot || embedded) && key is "apiVersion" or "kind")
            {
                continue;
            }

            if ((isRoot || embedded) && key == "metadata")
            {
                if (value is JsonObject metadata)
                {
                    foreach (var field in metadata.Select(pair => pair.Key).Where(f => !ObjectMetaFields.Contains(f)).ToList())
                    {
                        metadata.Remove(field);
                        unknown.Add($"{childPath}.{field}");
                    }
                }

                continue;
            }

            if (properties is not null && properties[key] is JsonObject propertySchema)
            {
                PruneValue(obj, key, value, propertySchema, childPath, unknown);
            }
            else if (additional is JsonObject additionalSchema)
            {
                PruneValue(obj, key, value, additionalSchema, childPath, unknown);
            }
            else if (additional is JsonValue allowed && allowed.GetValueKind() == JsonValueKind.True)
            {
                continue;
            }
            else if (!PreservesUnknown(schema))
            {
                obj.Remove(key);
                unknown.Add(childPath);
            }
        }
    }

    private static void PruneValue(JsonObject parent, string key, JsonNode? value, JsonObject schema, string path,
        List<string> unknown)
    {
        if (value is null)
        {
            // Non-nullable nulls are dropped before defaulting, as the API server does.
            if (JsonNodes.GetBoolean(schema, "nullable") != true)
            {
                parent.Remove(key);
            }

            return;
        }

        PruneNode(value, schema, path, unknown);
    }

    private static void PruneNode(JsonNode node, JsonObject schema, string path, List<string> unknown)
    {
        switch (node)
        {
            case JsonObject obj when schema["properties"] is not null || schema["additionalProperties"] is not null ||
                                     !PreservesUnknown(schema):
                if (JsonNodes.GetString(schema, "type") == "object" || schema["properties"] is not null ||
                    schema["additionalProperties"] is not null)
                {
                    PruneObject(obj, schema, path, unknown, isRoot: false);
                }

                break;
            case JsonArray array when schema["items"] is JsonObject items:
                for (var index = 0; index < array.Count; index++)
                {
                    if (array[index] is { } item)
                    {
                        PruneNode(item, items, $"{path}[{index}]", unknown);
                    }
                }

                break;
        }
    }

    private static void Default(JsonNode? node, JsonObject schema, bool isRoot)
    {
        switch (node)
        {
            case JsonObject obj:
                if (schema["properties"] is JsonObject properties)
                {
                    foreach (var (name, propertyNode) in properties)
                    {
                        if (propertyNode is not JsonObject propertySchema || (isRoot && name is "metadata"))
                        {
                            continue;
                        }

                        if (!obj.ContainsKey(name) && propertySchema.TryGetPropertyValue("default", out var value))
                        {
                            obj[name] = value?.DeepClone();
                        }

                        if (obj.TryGetPropertyValue(name, out var child))
                        {
                            Default(child, propertySchema, isRoot: false);
                        }
                    }
                }

                if (schema["additionalProperties"] is JsonObject additional)
                {
                    foreach (var (_, child) in obj)
                    {
                        Default(child, additional, isRoot: false);
                    }
                }

                break;
            case JsonArray array when schema["items"] is JsonObject items:
                foreach (var item in array)
                {
                    Default(item, items, isRoot: false);
                }

                break;
        }
    }

    private void ValidateNode(JsonNode? node, JsonObject schema, string path, List<FieldError> errors)
    {
        if (node is null)
        {
            if (JsonNodes.GetBoolean(schema, "nullable") != true && schema["type"] is not null)
            {
                errors.Add(FieldError.TypeInvalid(path, null,
                    $"{path} in body must be of type {JsonNodes.GetString(schema, "type")}: \"null\""));
            }

            return;
        }

        if (!CheckType(node, schema, path, errors))
        {
            return;
        }

        if (schema["enum"] is JsonArray allowed && !allowed.Any(candidate => JsonNode.DeepEquals(candidate, node)))
        {
            errors.Add(FieldError.NotSupported(path, node, allowed.Select(a => a is null ? "null" : JsonNodes.ToJson(a))));
        }

        switch (node)
        {
            case JsonObject obj:
                ValidateObject(obj, schema, path, errors);
                break;
            case JsonArray array:
                ValidateArray(array, schema, path, errors);
                break;
            case JsonValue value when value.GetValueKind() == JsonValueKind.String:
                ValidateString(value.GetValue<string>(), node, schema, path, errors);
                break;
            case JsonValue value when value.GetValueKind() == JsonValueKind.Number:
                ValidateNumber(AsDecimal(value), node, schema, path, errors);
                break;
        }

        ValidateCombinators(node, schema, path, errors);
    }

    private static bool CheckType(JsonNode node, JsonObject schema, string path, List<FieldError> errors)
    {
        var type = JsonNodes.GetString(schema, "type");
        var kind = node.GetValueKind();
        if (JsonNodes.GetBoolean(schema, "x-kubernetes-int-or-string") == true)
        {
            if (kind is JsonValueKind.String || (kind is JsonValueKind.Number && IsInteger(node)))
            {
                return true;
            }

            errors.Add(FieldError.TypeInvalid(path, node, $"{path} in body must be of type integer or string: \"{Describe(kind)}\""));
            return false;
        }

        var ok = type switch
        {
            null or "" => true,
            "object" => kind == JsonValueKind.Object,
            "array" => kind == JsonValueKind.Array,
            "string" => kind == JsonValueKind.String,
            "boolean" => kind is JsonValueKind.True or JsonValueKind.False,
            "number" => kind == JsonValueKind.Number,
            "integer" => kind == JsonValueKind.Number && IsInteger(node),
            _ => true,
        };
        if (!ok)
        {
            var actual = kind == JsonValueKind.Number ? "number" : Describe(kind);
            errors.Add(FieldError.TypeInvalid(path, node, $"{path} in body must be of type {type}: \"{actual}\""));
        }

        return ok;
    }

    private static bool IsInteger(JsonNode node) =>
        JsonNodes.TryGetNumber(node, out var number) && decimal.Truncate(number) == number;

    private static decimal AsDecimal(JsonValue value) => JsonNodes.TryGetNumber(value, out var number) ? number : 0;

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "object",
        JsonValueKind.Array => "array",
        JsonValueKind.String => "string",
        JsonValueKind.True or JsonValueKind.False => "boolean",
        JsonValueKind.Number => "number",
        _ => "null",
    };

    private void ValidateObject(JsonObject obj, JsonObject schema, string path, List<FieldError> errors)
    {
        if (schema["required"] is JsonArray required)
        {
            foreach (var name in required.Select(JsonNodes.ScalarText).OfType<string>())
            {
                if (!obj.ContainsKey(name))
                {
                    errors.Add(FieldError.Required($"{path}.{name}"));
                }
            }
        }

        if (JsonNodes.GetInt64(schema, "maxProperties") is { } maxProperties && obj.Count > maxProperties)
        {
            errors.Add(FieldError.TooMany(path, maxProperties));
        }

        if (JsonNodes.GetInt64(schema, "minProperties") is { } minProperties && obj.Count < minProperties)
        {
            errors.Add(FieldError.Invalid(path, obj, $"{path} in body should have at least {minProperties} properties"));
        }

        var properties = schema["properties"] as JsonObject;
        foreach (var (name, value) in obj)
        {
            var childPath = $"{path}.{name}";
            if (properties?[name] is JsonObject propertySchema)
            {
                ValidateNode(value, propertySchema, childPath, errors);
            }
            else if (schema["additionalProperties"] is JsonObject additional)
            {
                ValidateNode(value, additional, childPath, errors);
            }
        }
    }

    private void ValidateArray(JsonArray array, JsonObject schema, string path, List<FieldError> errors)
    {
        if (JsonNodes.GetInt64(schema, "maxItems") is { } maxItems && array.Count > maxItems)
        {
            errors.Add(FieldError.TooMany(path, maxItems));
        }

        if (JsonNodes.GetInt64(schema, "minItems") is { } minItems && array.Count < minItems)
        {
            errors.Add(FieldError.Invalid(path, array, $"{path} in body should have at least {minItems} items"));
        }

        if (schema["items"] is JsonObject items)
        {
            for (var index = 0; index < array.Count; index++)
            {
                ValidateNode(array[index], items, $"{path}[{index}]", errors);
            }
        }

        var listType = JsonNodes.GetString(schema, "x-kubernetes-list-type");
        if (listType == "set" || JsonNodes.GetBoolean(schema, "uniqueItems") == true)
        {
            for (var index = 1; index < array.Count; index++)
            {
                if (array.Take(index).Any(previous => JsonNode.DeepEquals(previous, array[index])))
                {
                    errors.Add(FieldError.Duplicate($"{path}[{index}]", array[index]));
                }
            }
        }
        else if (listType == "map" && schema["x-kubernetes-list-map-keys"] is JsonArray keys)
        {
            var names = keys.Select(JsonNodes.ScalarText).OfType<string>().ToList();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            for (var index = 0; index < array.Count; index++)
            {
                if (array[index] is JsonObject item &&
                    !seen.Add(string.Join("\u0000", names.Select(name => item[name] is { } value ? JsonNodes.ToJson(value) : "null"))))
                {
                    errors.Add(FieldError.Duplicate($"{path}[{index}]", item));
                }
            }
        }
    }

    private void ValidateString(string text, JsonNode node, JsonObject schema, string path, List<FieldError> errors)
    {
        var length = text.EnumerateRunes().Count();
        if (JsonNodes.GetInt64(schema, "maxLength") is { } maxLength && length > maxLength)
        {
            errors.Add(FieldError.TooLong(path, maxLength));
        }

        if (JsonNodes.GetInt64(schema, "minLength") is { } minLength && length < minLength)
        {
            errors.Add(FieldError.Invalid(path, node, $"{path} in body should be at least {minLength} chars long"));
        }

        if (JsonNodes.GetString(schema, "pattern") is { } pattern && !PatternFor(pattern).IsMatch(text))
        {
            errors.Add(FieldError.Invalid(path, node, $"{path} in body should match '{pattern}'"));
        }
    }

    private static void ValidateNumber(decimal number, JsonNode node, JsonObject schema, string path, List<FieldError> errors)
    {
        var exclusiveMinimum = JsonNodes.GetBoolean(schema, "exclusiveMinimum") == true;
        var exclusiveMaximum = JsonNodes.GetBoolean(schema, "exclusiveMaximum") == true;
        if (Number(schema, "minimum") is { } minimum && (exclusiveMinimum ? number <= minimum : number < minimum))
        {
            var relation = exclusiveMinimum ? "greater than" : "greater than or equal to";
            errors.Add(FieldError.Invalid(path, node, $"{path} in body should be {relation} {Render(minimum)}"));
        }

        if (Number(schema, "maximum") is { } maximum && (exclusiveMaximum ? number >= maximum : number > maximum))
        {
            var relation = exclusiveMaximum ? "less than" : "less than or equal to";
            errors.Add(FieldError.Invalid(path, node, $"{path} in body should be {relation} {Render(maximum)}"));
        }

        if (Number(schema, "multipleOf") is { } multiple && multiple != 0 && number % multiple != 0)
        {
            errors.Add(FieldError.Invalid(path, node, $"{path} in body should be a multiple of {Render(multiple)}"));
        }
    }

    private void ValidateCombinators(JsonNode node, JsonObject schema, string path, List<FieldError> errors)
    {
        if (schema["allOf"] is JsonArray allOf)
        {
            foreach (var part in allOf.OfType<JsonObject>())
            {
                ValidateNode(node, part, path, errors);
            }
        }

        if (schema["anyOf"] is JsonArray anyOf && anyOf.Count > 0 &&
            !anyOf.OfType<JsonObject>().Any(part => Passes(node, part, path)))
        {
            errors.Add(FieldError.Invalid(path, node, "must validate at least one schema (anyOf)"));
        }

        if (schema["oneOf"] is JsonArray oneOf && oneOf.Count > 0 &&
            oneOf.OfType<JsonObject>().Count(part => Passes(node, part, path)) != 1)
        {
            errors.Add(FieldError.Invalid(path, node, "must validate one and only one schema (oneOf)"));
        }

        if (schema["not"] is JsonObject not && Passes(node, not, path))
        {
            errors.Add(FieldError.Invalid(path, node, "must not validate the schema (not)"));
        }
    }

    private bool Passes(JsonNode node, JsonObject schema, string path)
    {
        var scratch = new List<FieldError>();
        ValidateNode(node, schema, path, scratch);
        return scratch.Count == 0;
    }

    private Regex PatternFor(string pattern)
    {
        return _patterns.GetOrAdd(pattern,
            static text => new Regex(text, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)));
    }

    private static decimal? Number(JsonObject schema, string name) =>
        schema[name] is JsonValue value && value.GetValueKind() == JsonValueKind.Number ? AsDecimal(value) : null;

    private static string Render(decimal value) => value.ToString(CultureInfo.InvariantCulture);
}
