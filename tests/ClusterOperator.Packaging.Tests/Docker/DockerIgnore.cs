using System.Text.RegularExpressions;

namespace ClusterOperator.Packaging.Tests.Docker;

/// <summary>
/// The rules of a .dockerignore, applied as Docker does: patterns match a path or any of its parent
/// directories, <c>*</c> stays within one path segment, <c>**</c> spans any number, <c>!</c> re-includes,
/// and the last matching pattern wins.
/// </summary>
internal sealed class DockerIgnore
{
    private readonly IReadOnlyList<(Regex Pattern, bool Exclude)> _rules;

    private DockerIgnore(IReadOnlyList<(Regex Pattern, bool Exclude)> rules) => _rules = rules;

    public static DockerIgnore Load() => Parse(RepositoryPaths.ReadAllText(".dockerignore"));

    public static DockerIgnore Parse(string text) =>
        new(text.Split('\n')
            .Select(l => l.Trim())
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(l => l.StartsWith('!') ? (ToRegex(l[1..]), false) : (ToRegex(l), true))
            .ToList());

    /// <summary>True if the file at <paramref name="relativePath"/> (with '/' separators) enters the build context.</summary>
    public bool Includes(string relativePath)
    {
        var segments = relativePath.Split('/');
        var prefixes = Enumerable.Range(1, segments.Length).Select(n => string.Join('/', segments.Take(n))).ToList();
        var excluded = false;
        foreach (var (pattern, exclude) in _rules)
        {
            if (prefixes.Any(pattern.IsMatch))
            {
                excluded = exclude;
            }
        }

        return !excluded;
    }

    private static Regex ToRegex(string pattern)
    {
        var cleaned = pattern.Trim('/');
        var regex = Regex.Escape(cleaned)
            .Replace(@"\*\*/", "(.*/)?", StringComparison.Ordinal)
            .Replace(@"\*\*", ".*", StringComparison.Ordinal)
            .Replace(@"\*", "[^/]*", StringComparison.Ordinal)
            .Replace(@"\?", "[^/]", StringComparison.Ordinal);
        return new Regex($"^{regex}$", RegexOptions.CultureInvariant);
    }
}
