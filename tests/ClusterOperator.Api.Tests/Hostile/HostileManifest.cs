using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace ClusterOperator.Api.Tests.Hostile;

/// <summary>What the cluster must do with a hostile manifest.</summary>
public enum HostileOutcome
{
    /// <summary>The API server refuses it (schema 422, 413 too large, 400 unreadable); nothing is stored.</summary>
    Rejected,

    /// <summary>Stored, and the operator marks it InvalidSpec and runs nothing for it.</summary>
    Invalid,

    /// <summary>Stored and run as usual: the attack is harmless here, or met elsewhere (see the manifest's comment).</summary>
    Admitted,
}

/// <summary>
/// One manifest of the hostile corpus (Hostile/Corpus/*.yaml). Its leading comment says what it attacks and what must
/// happen: <c># expect: rejected CODE message</c>, <c># expect: invalid sentence</c> or <c># expect: admitted</c>, with
/// <c># absent: path</c> lines for fields the API server must have dropped. Bodies too big to keep in a file are
/// written as <c>{{repeat N TEXT}}</c>, which expands to TEXT N times.
/// </summary>
public sealed partial record HostileManifest(
    string File,
    string Kind,
    string Name,
    string Attacks,
    HostileOutcome Outcome,
    int StatusCode,
    string Detail,
    IReadOnlyList<string> Absent,
    string Body)
{
    public static string Directory { get; } = RepositoryPaths.Combine("tests", "ClusterOperator.Api.Tests", "Hostile", "Corpus");

    /// <summary>JSON bodies are sent as JSON (a YAML reader would decode their escapes differently).</summary>
    public string ContentType => Body.TrimStart().StartsWith('{') ? "application/json" : "application/yaml";

    /// <summary>
    /// Marked InvalidSpec at "spec.template" as a whole: the operator cannot read it as its C# type at all (a wrong type or
    /// nesting deeper than its JSON reader takes, where the schema preserves unknown fields), so only the cluster test
    /// can check it.
    /// </summary>
    public bool Unreadable => Outcome == HostileOutcome.Invalid && Detail == "spec.template";

    public static IReadOnlyList<HostileManifest> LoadAll() =>
        [.. RepositoryPaths.FileNames(Directory).Select(f => Load(Path.Combine(Directory, f)))];

    public static HostileManifest Load(string path)
    {
        var lines = System.IO.File.ReadAllLines(path);
        var header = lines.TakeWhile(l => l.StartsWith('#')).ToList();
        var body = Expand(string.Join('\n', lines.Skip(header.Count)));
        string Value(string key) => header.Where(l => l.StartsWith($"# {key}: ", StringComparison.Ordinal)).Select(l => l[(key.Length + 4)..].Trim()).SingleOrDefault()
            ?? throw new InvalidDataException($"{path}: the header needs one '# {key}: ' line.");

        var expect = Value("expect").Split(' ', 2);
        var outcome = Enum.Parse<HostileOutcome>(expect[0], ignoreCase: true);
        var code = 0;
        var detail = expect.Length > 1 ? expect[1] : string.Empty;
        if (outcome == HostileOutcome.Rejected)
        {
            var parts = detail.Split(' ', 2);
            code = int.Parse(parts[0], CultureInfo.InvariantCulture);
            detail = parts.Length > 1 ? parts[1] : string.Empty;
        }

        return new HostileManifest(
            Path.GetFileName(path),
            KindPattern().Match(body).Groups[1].Value,
            NamePattern().Match(body).Groups[1].Value,
            Value("attacks"),
            outcome,
            code,
            detail,
            [.. header.Where(l => l.StartsWith("# absent: ", StringComparison.Ordinal)).Select(l => l["# absent: ".Length..].Trim())],
            body);
    }

    public override string ToString() => File;

    private static string Expand(string text) => RepeatPattern().Replace(text, m =>
    {
        var count = int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
        return new StringBuilder(count * m.Groups[2].Length).Insert(0, m.Groups[2].Value, count).ToString();
    });

    [GeneratedRegex(@"\{\{repeat (\d+) (.*?)\}\}")]
    private static partial Regex RepeatPattern();

    [GeneratedRegex("\"?kind\"?: *\"?(\\w+)")]
    private static partial Regex KindPattern();

    [GeneratedRegex("\"?name\"?: *\"?([-a-z0-9]+)")]
    private static partial Regex NamePattern();
}
