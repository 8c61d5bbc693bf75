using System.Globalization;

namespace ClusterOperator.Sandbox.Json;

/// <summary>Formats ages the way kubectl shows them ("45s", "3m20s", "5h", "12d").</summary>
internal static class HumanDuration
{
    public static string Format(TimeSpan age)
    {
        var seconds = (long)age.TotalSeconds;
        if (seconds < 0)
        {
            return "0s";
        }

        var minutes = seconds / 60;
        var hours = minutes / 60;
        var days = hours / 24;
        return (seconds, minutes, hours) switch
        {
            _ when seconds < 120 => Invariant($"{seconds}s"),
            _ when minutes < 10 => seconds % 60 == 0 ? Invariant($"{minutes}m") : Invariant($"{minutes}m{seconds % 60}s"),
            _ when minutes < 180 => Invariant($"{minutes}m"),
            _ when hours < 8 => minutes % 60 == 0 ? Invariant($"{hours}h") : Invariant($"{hours}h{minutes % 60}m"),
            _ when hours < 48 => Invariant($"{hours}h"),
            _ when hours < 192 => hours % 24 == 0 ? Invariant($"{days}d") : Invariant($"{days}d{hours % 24}h"),
            _ when days < 730 => Invariant($"{days}d"),
            _ => Invariant($"{days / 365}y"),
        };
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
