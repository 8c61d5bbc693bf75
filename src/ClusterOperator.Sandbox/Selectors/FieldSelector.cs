using System.Text;

namespace ClusterOperator.Sandbox.Selectors;

/// <summary>A parsed field selector: comma-separated <c>field=value</c>, <c>field==value</c>, <c>field!=value</c>.</summary>
internal sealed class FieldSelector
{
    private FieldSelector(IReadOnlyList<FieldRequirement> requirements) => Requirements = requirements;

    public static FieldSelector Everything { get; } = new([]);

    public IReadOnlyList<FieldRequirement> Requirements { get; }

    public static FieldSelector Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return Everything;
        }

        var requirements = new List<FieldRequirement>();
        foreach (var clause in SplitUnescaped(text, ','))
        {
            var trimmed = clause.Trim();
            if (trimmed.Length == 0)
            {
                continue;
            }

            var (field, value, equal) = SplitOperator(trimmed);
            requirements.Add(new FieldRequirement(field, Unescape(value), equal));
        }

        return new FieldSelector(requirements);
    }

    public bool Matches(Func<string, string?> fieldValue)
    {
        foreach (var requirement in Requirements)
        {
            var actual = fieldValue(requirement.Field) ?? string.Empty;
            if ((actual == requirement.Value) != requirement.Equal)
            {
                return false;
            }
        }

        return true;
    }

    private static (string Field, string Value, bool Equal) SplitOperator(string clause)
    {
        foreach (var (token, equal) in new[] { ("!=", false), ("==", true), ("=", true) })
        {
            var at = clause.IndexOf(token, StringComparison.Ordinal);
            if (at > 0)
            {
                return (clause[..at].Trim(), clause[(at + token.Length)..].Trim(), equal);
            }
        }

        throw new FormatException($"invalid selector: '{clause}'; can't understand '{clause}'");
    }

    private static IEnumerable<string> SplitUnescaped(string text, char separator)
    {
        var builder = new StringBuilder();
        for (var index = 0; index < text.Length; index++)
        {
            if (text[index] == '\\' && index + 1 < text.Length)
            {
                builder.Append(text[index]).Append(text[index + 1]);
                index++;
                continue;
            }

            if (text[index] == separator)
            {
                yield return builder.ToString();
                builder.Clear();
                continue;
            }

            builder.Append(text[index]);
        }

        yield return builder.ToString();
    }

    private static string Unescape(string value)
    {
        var builder = new StringBuilder(value.Length);
        for (var index = 0; index < value.Length; index++)
        {
            if (value[index] == '\\' && index + 1 < value.Length)
            {
                index++;
            }

            builder.Append(value[index]);
        }

        return builder.ToString();
    }
}
