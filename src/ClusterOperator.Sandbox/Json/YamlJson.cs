using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace ClusterOperator.Sandbox.Json;

/// <summary>
/// Converts YAML documents to JSON nodes with the scalar resolution Kubernetes uses (YAML 1.1 via go-yaml v2):
/// unquoted yes/no/on/off are booleans, quoted scalars are always strings.
/// </summary>
internal static partial class YamlJson
{
    /// <summary>Parses every non-empty document of a (multi-document) YAML stream.</summary>
    public static IReadOnlyList<JsonNode> ParseDocuments(string yaml)
    {
        var stream = new YamlStream();
        try
        {
            RejectDeepNesting(yaml);
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException exception)
        {
            throw new FormatException($"invalid YAML: {exception.Message}", exception);
        }
        catch (ArgumentException exception)
        {
            // YamlDotNet decodes an escape naming a lone low surrogate with char.ConvertFromUtf32, which throws;
            // go-yaml refuses every surrogate escape as invalid, so this is the same 400.
            throw new FormatException($"invalid YAML: {exception.Message}", exception);
        }

        var documents = new List<JsonNode>();
        foreach (var document in stream.Documents)
        {
            var node = Convert(document.RootNode);
            if (node is not null)
            {
                documents.Add(node);
            }
        }

        return documents;
    }

    /// <summary>
    /// Walks the event stream (no recursion) before building nodes, because loading and converting recurse once
    /// per level and an unbounded body would overflow the stack.
    /// </summary>
    private static void RejectDeepNesting(string yaml)
    {
        var parser = new Parser(new StringReader(yaml));
        var depth = 0;
        while (parser.MoveNext())
        {
            switch (parser.Current)
            {
                case MappingStart or SequenceStart when ++depth > JsonNodes.MaxDepth:
                    throw new FormatException($"invalid YAML: nesting exceeds the maximum depth of {JsonNodes.MaxDepth}");
                case MappingEnd or SequenceEnd:
                    depth--;
                    break;
            }
        }
    }

    /// <summary>Parses a body that is JSON or a single YAML document.</summary>
    public static JsonNode? ParseSingle(string text)
    {
        var trimmed = text.TrimStart();
        if (trimmed.StartsWith('{') || trimmed.StartsWith('['))
        {
            try
            {
                return RequestJson.Parse(text);
            }
            catch (System.Text.Json.JsonException)
            {
                // Flow-style YAML also starts with a brace; fall through to the YAML parser.
            }
        }

        var documents = ParseDocuments(text);
        return documents.Count switch
        {
            0 => null,
            1 => documents[0],
            _ => throw new FormatException("expected a single YAML document"),
        };
    }

    private static JsonNode? Convert(YamlNode node) => node switch
    {
        YamlMappingNode mapping => ConvertMapping(mapping),
        YamlSequenceNode sequence => new JsonArray(sequence.Children.Select(Convert).ToArray()),
        YamlScalarNode scalar => ConvertScalar(scalar),
        _ => null,
    };

    private static JsonObject ConvertMapping(YamlMappingNode mapping)
    {
        var result = new JsonObject();
        foreach (var (key, value) in mapping.Children)
        {
            var name = key is YamlScalarNode scalar ? scalar.Value ?? "null" : key.ToString();
            result[name] = Convert(value);
        }

        return result;
    }

    private static JsonValue? ConvertScalar(YamlScalarNode scalar)
    {
        var value = scalar.Value ?? string.Empty;
        var tag = scalar.Tag.IsEmpty ? string.Empty : scalar.Tag.Value;
        if (tag is "tag:yaml.org,2002:str" || scalar.Style is ScalarStyle.SingleQuoted or ScalarStyle.DoubleQuoted
            or ScalarStyle.Literal or ScalarStyle.Folded)
        {
            return JsonValue.Create(value);
        }

        return ResolvePlain(value);
    }

    private static JsonValue? ResolvePlain(string value)
    {
        switch (value)
        {
            case "" or "~" or "null" or "Null" or "NULL":
                return null;
            case "y" or "Y" or "yes" or "Yes" or "YES" or "true" or "True" or "TRUE" or "on" or "On" or "ON":
                return JsonValue.Create(true);
            case "n" or "N" or "no" or "No" or "NO" or "false" or "False" or "FALSE" or "off" or "Off" or "OFF":
                return JsonValue.Create(false);
        }

        if (IntegerPattern().IsMatch(value))
        {
            if (long.TryParse(value.Replace("_", string.Empty, StringComparison.Ordinal), NumberStyles.AllowLeadingSign,
                    CultureInfo.InvariantCulture, out var integer))
            {
                return JsonValue.Create(integer);
            }

            return JsonValue.Create(double.Parse(value, CultureInfo.InvariantCulture));
        }

        if (HexPattern().IsMatch(value))
        {
            return JsonValue.Create(System.Convert.ToInt64(value[2..], 16));
        }

        if (FloatPattern().IsMatch(value))
        {
            return JsonValue.Create(double.Parse(value, NumberStyles.Float, CultureInfo.InvariantCulture));
        }

        return JsonValue.Create(value);
    }

    [GeneratedRegex("^[-+]?[0-9][0-9_]*$")]
    private static partial Regex IntegerPattern();

    [GeneratedRegex("^0x[0-9a-fA-F]+$")]
    private static partial Regex HexPattern();

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")]
    private static partial Regex FloatPattern();
}
