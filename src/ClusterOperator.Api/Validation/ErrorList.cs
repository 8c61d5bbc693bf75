using System.Globalization;
using System.Text.RegularExpressions;
using ClusterOperator.Api.Schema;

namespace ClusterOperator.Api.Validation;

/// <summary>Collects every error of a spec, so users fix them all in one round instead of one per apply.</summary>
internal sealed partial class ErrorList : List<FieldError>
{
    public void Add(string path, string message) => Add(new FieldError(path, message));

    public void Range(string path, long value, long min, long max)
    {
        if (value < min || value > max)
        {
            Add(path, string.Create(CultureInfo.InvariantCulture, $"must be between {min} and {max}, but is {value}."));
        }
    }

    public void DnsLabel(string path, string? value, bool required = false)
    {
        if (string.IsNullOrEmpty(value))
        {
            if (required)
            {
                Add(path, "is required.");
            }

            return;
        }

        if (value.Length > 63)
        {
            Add(path, string.Create(CultureInfo.InvariantCulture, $"must be at most 63 characters, but has {value.Length}."));
        }
        else if (!DnsLabelPattern().IsMatch(value))
        {
            Add(path, $"'{value}' must be a DNS label: lower-case letters, digits and '-', starting and ending with a letter or digit.");
        }
    }

    public void Duration(string path, string? value)
    {
        if (value is null)
        {
            return;
        }

        if (!TryParseDuration(value, out var duration))
        {
            Add(path, $"'{Truncate(value)}' is not a duration; use e.g. 90s, 30m, 72h or hh:mm:ss.");
        }
        else if (duration <= TimeSpan.Zero)
        {
            Add(path, "must be longer than zero.");
        }
    }

    /// <summary>Parses a duration; one too long for a TimeSpan (the schema's pattern lets some through) does not parse.</summary>
    public static bool TryParseDuration(string value, out TimeSpan duration)
    {
        try
        {
            return Api.Duration.TryParse(value, out duration);
        }
        catch (Exception e) when (e is OverflowException or ArgumentOutOfRangeException)
        {
            duration = TimeSpan.Zero;
            return false;
        }
    }

    public static bool IsDnsLabel(string value) => DnsLabelPattern().IsMatch(value);

    public static string Truncate(string value) => value.Length <= 40 ? value : value[..40] + "…";

    [GeneratedRegex(NamePatterns.DnsLabel)]
    private static partial Regex DnsLabelPattern();
}
