using System.ComponentModel;
using System.Globalization;

namespace ClusterOperator.Api;

/// <summary>
/// Lets .NET configuration bind <see cref="TimeSpan"/> options from <c>5m</c> as well as <c>00:05:00</c>.
/// Call <see cref="Register"/> once at start-up, before options are bound.
/// </summary>
public sealed class DurationConverter : TimeSpanConverter
{
    public static void Register() =>
        TypeDescriptor.AddAttributes(typeof(TimeSpan), new TypeConverterAttribute(typeof(DurationConverter)));

    public override object? ConvertFrom(ITypeDescriptorContext? context, CultureInfo? culture, object value) =>
        value is string text && Duration.TryParse(text, out var duration)
            ? duration
            : base.ConvertFrom(context, culture, value);
}
