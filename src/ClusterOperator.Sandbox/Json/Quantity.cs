using System.Globalization;

namespace ClusterOperator.Sandbox.Json;

/// <summary>Parses Kubernetes resource quantities such as "500m", "4", "64Gi" and "1e3".</summary>
internal static class Quantity
{
    private static readonly (string Suffix, decimal Factor)[] Suffixes =
    [
        ("Ki", 1024m), ("Mi", 1024m * 1024), ("Gi", 1024m * 1024 * 1024), ("Ti", 1024m * 1024 * 1024 * 1024),
        ("Pi", 1024m * 1024 * 1024 * 1024 * 1024), ("Ei", 1024m * 1024 * 1024 * 1024 * 1024 * 1024),
        ("n", 0.000000001m), ("u", 0.000001m), ("m", 0.001m), ("k", 1e3m), ("M", 1e6m), ("G", 1e9m),
        ("T", 1e12m), ("P", 1e15m), ("E", 1e18m),
    ];

    public static bool TryParse(string? text, out decimal value)
    {
        value = 0;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var trimmed = text.Trim();
        foreach (var (suffix, factor) in Suffixes)
        {
            if (trimmed.EndsWith(suffix, StringComparison.Ordinal) &&
                decimal.TryParse(trimmed[..^suffix.Length], NumberStyles.Float, CultureInfo.InvariantCulture,
                    out var number))
            {
                value = number * factor;
                return true;
            }
        }

        return decimal.TryParse(trimmed, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
    }

    public static decimal ParseOrZero(string? text) => TryParse(text, out var value) ? value : 0m;
}
