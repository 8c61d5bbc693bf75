using System.Globalization;

namespace ClusterOperator.Scheduling.Planning;

/// <summary>Durations the way Kubernetes users write them: 45s, 5m, 1h30m.</summary>
internal static class DurationText
{
    public static string Format(TimeSpan duration)
    {
        var seconds = (long)Math.Ceiling(Math.Max(0, duration.TotalSeconds));
        if (seconds < 60)
        {
            return string.Create(CultureInfo.InvariantCulture, $"{seconds}s");
        }

        var (hours, minutes, rest) = (seconds / 3600, seconds / 60 % 60, seconds % 60);
        var text = hours > 0 ? string.Create(CultureInfo.InvariantCulture, $"{hours}h") : string.Empty;
        text += minutes > 0 ? string.Create(CultureInfo.InvariantCulture, $"{minutes}m") : string.Empty;
        return text + (rest > 0 && hours == 0 ? string.Create(CultureInfo.InvariantCulture, $"{rest}s") : string.Empty);
    }
}
