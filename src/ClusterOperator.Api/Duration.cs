using System.Globalization;
using System.Text.RegularExpressions;

namespace ClusterOperator.Api;

/// <summary>
/// Parses and formats durations in the two syntaxes people type: Kubernetes style (<c>90s</c>, <c>5m</c>,
/// <c>1h30m</c>, <c>72h</c>, <c>2d</c>) and <c>hh:mm:ss</c>.
/// </summary>
public static partial class Duration
{
    public static bool TryParse(string? text, out TimeSpan value)
    {
        value = TimeSpan.Zero;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        text = text.Trim();
        var clock = ClockPattern().Match(text);
        if (clock.Success)
        {
            value = new TimeSpan(
                int.Parse(clock.Groups[1].Value, CultureInfo.InvariantCulture),
                int.Parse(clock.Groups[2].Value, CultureInfo.InvariantCulture),
                int.Parse(clock.Groups[3].Value, CultureInfo.InvariantCulture));
            return true;
        }

        var parts = UnitPattern().Matches(text);
        if (parts.Count == 0 || parts.Sum(p => p.Length) != text.Length)
        {
            return false;
        }

        double milliseconds = 0;
        foreach (Match part in parts)
        {
            var amount = double.Parse(part.Groups[1].Value, CultureInfo.InvariantCulture);
            milliseconds += amount * part.Groups[2].Value switch
            {
                "ms" => 1,
                "s" => 1_000,
                "m" => 60_000,
                "h" => 3_600_000,
                _ => 86_400_000,
            };
        }

        if (milliseconds > TimeSpan.MaxValue.TotalMilliseconds)
        {
            return false;
        }

        value = TimeSpan.FromMilliseconds(milliseconds);
        return true;
    }

    public static TimeSpan Parse(string text) =>
        TryParse(text, out var value)
            ? value
            : throw new FormatException($"'{text}' is not a duration; use e.g. 90s, 5m, 72h or hh:mm:ss.");

    /// <summary>Formats in Kubernetes style, e.g. <c>1h30m</c>, <c>45s</c> or <c>0s</c>.</summary>
    public static string Format(TimeSpan value)
    {
        if (value <= TimeSpan.Zero)
        {
            return "0s";
        }

        var text = "";
        var hours = (long)value.TotalHours;
        if (hours > 0)
        {
            text += hours.ToString(CultureInfo.InvariantCulture) + "h";
        }

        if (value.Minutes > 0)
        {
            text += value.Minutes.ToString(CultureInfo.InvariantCulture) + "m";
        }

        var seconds = value.Seconds + (value.Milliseconds / 1000.0);
        if (seconds > 0)
        {
            text += seconds.ToString("0.###", CultureInfo.InvariantCulture) + "s";
        }

        return text;
    }

    [GeneratedRegex(@"^([0-9]+):([0-5][0-9]):([0-5][0-9])$")]
    private static partial Regex ClockPattern();

    [GeneratedRegex(@"([0-9]+(?:\.[0-9]+)?)(ms|s|m|h|d)")]
    private static partial Regex UnitPattern();
}
