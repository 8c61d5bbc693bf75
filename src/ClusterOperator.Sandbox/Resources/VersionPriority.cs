using System.Globalization;
using System.Text.RegularExpressions;

namespace ClusterOperator.Sandbox.Resources;

/// <summary>Kubernetes version ordering: v2 &gt; v1 &gt; v1beta2 &gt; v1beta1 &gt; v1alpha1 &gt; anything else.</summary>
internal sealed partial class VersionPriority : IComparer<string>
{
    public static VersionPriority Instance { get; } = new();

    public int Compare(string? x, string? y) => Rank(y).CompareTo(Rank(x)) is var byRank && byRank != 0
        ? byRank
        : string.CompareOrdinal(x, y);

    private static (int Stability, int Major, int Minor) Rank(string? version)
    {
        var match = version is null ? Match.Empty : KubeVersion().Match(version);
        if (!match.Success)
        {
            return (0, 0, 0);
        }

        var major = int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        var stability = match.Groups[2].Value switch
        {
            "" => 3,
            "beta" => 2,
            _ => 1,
        };
        var minor = match.Groups[3].Success && match.Groups[3].Value.Length > 0
            ? int.Parse(match.Groups[3].Value, CultureInfo.InvariantCulture)
            : 0;
        return (stability, major, minor);
    }

    [GeneratedRegex("^v([0-9]+)(?:(alpha|beta)([0-9]+))?$")]
    private static partial Regex KubeVersion();
}
