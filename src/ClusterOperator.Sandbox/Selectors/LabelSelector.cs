using System.Globalization;
using System.Text.Json.Nodes;
using ClusterOperator.Sandbox.Json;

namespace ClusterOperator.Sandbox.Selectors;

/// <summary>
/// A parsed label selector string: <c>a=b</c>, <c>a==b</c>, <c>a!=b</c>, <c>a in (x,y)</c>,
/// <c>a notin (x)</c>, <c>a</c> (exists), <c>!a</c> (does not exist), <c>a&gt;1</c>, <c>a&lt;1</c>.
/// </summary>
internal sealed class LabelSelector
{
    private readonly IReadOnlyList<Requirement> _requirements;

    private LabelSelector(IReadOnlyList<Requirement> requirements) => _requirements = requirements;

    public static LabelSelector Everything { get; } = new([]);

    public bool IsEmpty => _requirements.Count == 0;

    public static LabelSelector Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return Everything;
        }

        var requirements = new List<Requirement>();
        foreach (var clause in SplitTopLevel(text))
        {
            requirements.Add(ParseClause(clause.Trim(), text));
        }

        return new LabelSelector(requirements);
    }

    public bool Matches(JsonObject obj)
    {
        var labels = JsonNodes.GetObject(obj, "metadata", "labels");
        foreach (var requirement in _requirements)
        {
            var value = labels is not null && labels.TryGetPropertyValue(requirement.Key, out var node)
                ? JsonNodes.ScalarText(node)
                : null;
            if (!requirement.Matches(value))
            {
                return false;
            }
        }

        return true;
    }

    private static IEnumerable<string> SplitTopLevel(string text)
    {
        var depth = 0;
        var start = 0;
        for (var index = 0; index < text.Length; index++)
        {
            switch (text[index])
            {
                case '(':
                    depth++;
                    break;
                case ')':
                    depth--;
                    break;
                case ',' when depth == 0:
                    yield return text[start..index];
                    start = index + 1;
                    break;
            }
        }

        yield return text[start..];
    }

    private static Requirement ParseClause(string clause, string whole)
    {
        if (clause.Length == 0)
        {
            throw new FormatException($"unable to parse requirement: empty clause in \"{whole}\"");
        }

        if (clause.StartsWith('!'))
        {
            return new Requirement(ValidKey(clause[1..].Trim(), whole), Operator.DoesNotExist, []);
        }

        var setMatch = clause.IndexOf(" in ", StringComparison.Ordinal);
        var notInMatch = clause.IndexOf(" notin ", StringComparison.Ordinal);
        if (notInMatch > 0)
        {
            return new Requirement(ValidKey(clause[..notInMatch].Trim(), whole), Operator.NotIn,
                ParseSet(clause[(notInMatch + 7)..], whole));
        }

        if (setMatch > 0)
        {
            return new Requirement(ValidKey(clause[..setMatch].Trim(), whole), Operator.In,
                ParseSet(clause[(setMatch + 4)..], whole));
        }

        foreach (var (token, op) in new[]
                 {
                     ("!=", Operator.NotEquals), ("==", Operator.Equals), ("=", Operator.Equals),
                     (">", Operator.GreaterThan), ("<", Operator.LessThan),
                 })
        {
            var at = clause.IndexOf(token, StringComparison.Ordinal);
            if (at > 0)
            {
                var value = clause[(at + token.Length)..].Trim();
                return new Requirement(ValidKey(clause[..at].Trim(), whole), op, [value]);
            }
        }

        return new Requirement(ValidKey(clause, whole), Operator.Exists, []);
    }

    private static string ValidKey(string key, string whole)
    {
        if (key.Length == 0 || key.Any(c => char.IsWhiteSpace(c) || c is '(' or ')' or '!' or '='))
        {
            throw new FormatException($"unable to parse requirement: invalid label key \"{key}\" in \"{whole}\"");
        }

        return key;
    }

    private static string[] ParseSet(string text, string whole)
    {
        var trimmed = text.Trim();
        if (!trimmed.StartsWith('(') || !trimmed.EndsWith(')'))
        {
            throw new FormatException($"unable to parse requirement: expected a parenthesized set in \"{whole}\"");
        }

        return trimmed[1..^1].Split(',', StringSplitOptions.TrimEntries);
    }

    private enum Operator
    {
        Equals,
        NotEquals,
        In,
        NotIn,
        Exists,
        DoesNotExist,
        GreaterThan,
        LessThan,
    }

    private sealed record Requirement(string Key, Operator Op, string[] Values)
    {
        public bool Matches(string? value) => Op switch
        {
            Operator.Equals or Operator.In => value is not null && Values.Contains(value),
            Operator.NotEquals or Operator.NotIn => value is null || !Values.Contains(value),
            Operator.Exists => value is not null,
            Operator.DoesNotExist => value is null,
            Operator.GreaterThan => Compare(value) > 0,
            _ => Compare(value) < 0,
        };

        private int? Compare(string? value) =>
            long.TryParse(value, CultureInfo.InvariantCulture, out var actual) &&
            long.TryParse(Values[0], CultureInfo.InvariantCulture, out var wanted)
                ? actual.CompareTo(wanted)
                : null;
    }
}
