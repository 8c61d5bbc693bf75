using System.Text;
using System.Text.Json.Nodes;

namespace ClusterOperator.Sandbox.Json;

/// <summary>
/// The subset of Kubernetes JSONPath that printer columns use: <c>.a.b</c>, <c>.a[0]</c>, <c>.a[*].b</c>,
/// <c>.a[?(@.type=="Ready")].status</c>, optionally wrapped in braces, with <c>\.</c> escaping dots in keys.
/// </summary>
internal sealed class JsonPathExpression
{
    private readonly IReadOnlyList<Step> _steps;

    private JsonPathExpression(IReadOnlyList<Step> steps) => _steps = steps;

    public static JsonPathExpression Parse(string expression)
    {
        var text = expression.Trim();
        if (text.StartsWith('{') && text.EndsWith('}'))
        {
            text = text[1..^1].Trim();
        }

        if (text.StartsWith('$'))
        {
            text = text[1..];
        }

        var steps = new List<Step>();
        var index = 0;
        while (index < text.Length)
        {
            switch (text[index])
            {
                case '.':
                    index++;
                    steps.Add(new FieldStep(ReadField(text, ref index)));
                    break;
                case '[':
                    var close = text.IndexOf(']', index);
                    if (close < 0)
                    {
                        throw new FormatException($"unclosed bracket in JSONPath {expression}");
                    }

                    steps.Add(ParseBracket(text[(index + 1)..close].Trim(), expression));
                    index = close + 1;
                    break;
                default:
                    steps.Add(new FieldStep(ReadField(text, ref index)));
                    break;
            }
        }

        return new JsonPathExpression(steps);
    }

    /// <summary>All values the path selects, in document order.</summary>
    public IReadOnlyList<JsonNode?> Evaluate(JsonNode? root)
    {
        IEnumerable<JsonNode?> current = [root];
        foreach (var step in _steps)
        {
            current = current.SelectMany(step.Apply).ToList();
        }

        return current.ToList();
    }

    private static string ReadField(string text, ref int index)
    {
        var builder = new StringBuilder();
        while (index < text.Length && text[index] is not '.' and not '[')
        {
            if (text[index] == '\\' && index + 1 < text.Length)
            {
                index++;
            }

            builder.Append(text[index]);
            index++;
        }

        return builder.ToString();
    }

    private static Step ParseBracket(string inner, string expression)
    {
        if (inner == "*")
        {
            return new WildcardStep();
        }

        if (int.TryParse(inner, System.Globalization.CultureInfo.InvariantCulture, out var position))
        {
            return new IndexStep(position);
        }

        if (inner.StartsWith("?(@.", StringComparison.Ordinal) && inner.EndsWith(')'))
        {
            var condition = inner[4..^1];
            var equals = condition.IndexOf("==", StringComparison.Ordinal);
            if (equals > 0)
            {
                var field = condition[..equals].Trim();
                var literal = condition[(equals + 2)..].Trim().Trim('"', '\'');
                return new FilterStep(field, literal);
            }
        }

        if (inner.StartsWith('\'') || inner.StartsWith('"'))
        {
            return new FieldStep(inner.Trim('\'', '"'));
        }

        throw new FormatException($"unsupported JSONPath segment [{inner}] in {expression}");
    }

    private abstract record Step
    {
        public abstract IEnumerable<JsonNode?> Apply(JsonNode? node);
    }

    private sealed record FieldStep(string Name) : Step
    {
        public override IEnumerable<JsonNode?> Apply(JsonNode? node) =>
            node is JsonObject obj && obj.TryGetPropertyValue(Name, out var value) ? [value] : [];
    }

    private sealed record IndexStep(int Position) : Step
    {
        public override IEnumerable<JsonNode?> Apply(JsonNode? node)
        {
            if (node is not JsonArray array)
            {
                return [];
            }

            var actual = Position < 0 ? array.Count + Position : Position;
            return actual >= 0 && actual < array.Count ? [array[actual]] : [];
        }
    }

    private sealed record WildcardStep : Step
    {
        public override IEnumerable<JsonNode?> Apply(JsonNode? node) => node switch
        {
            JsonArray array => array,
            JsonObject obj => obj.Select(pair => pair.Value),
            _ => [],
        };
    }

    private sealed record FilterStep(string Field, string Literal) : Step
    {
        public override IEnumerable<JsonNode?> Apply(JsonNode? node) =>
            node is JsonArray array
                ? array.Where(item => JsonNodes.ScalarText(JsonNodes.Navigate(item, Field.Split('.'))) == Literal)
                : [];
    }
}
