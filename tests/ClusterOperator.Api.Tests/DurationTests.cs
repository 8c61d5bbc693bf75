namespace ClusterOperator.Api.Tests;

public sealed class DurationTests
{
    [Theory]
    [InlineData("90s", 90)]
    [InlineData("5m", 300)]
    [InlineData("72h", 259_200)]
    [InlineData("1h30m", 5_400)]
    [InlineData("1.5h", 5_400)]
    [InlineData("2d", 172_800)]
    [InlineData("500ms", 0.5)]
    [InlineData("0s", 0)]
    [InlineData("01:30:00", 5_400)]
    [InlineData("100:00:00", 360_000)]
    public void Parses_kubernetes_style_and_clock_style(string text, double seconds)
    {
        Assert.True(Duration.TryParse(text, out var value));
        Assert.Equal(TimeSpan.FromSeconds(seconds), value);
    }

    [Theory]
    [InlineData("")]
    [InlineData("5")]
    [InlineData("m5")]
    [InlineData("5 minutes")]
    [InlineData("-5m")]
    [InlineData("01:60:00")]
    [InlineData("5mx")]
    public void Rejects_what_is_not_a_duration(string text) => Assert.False(Duration.TryParse(text, out _));

    [Theory]
    [InlineData(5_400, "1h30m")]
    [InlineData(45, "45s")]
    [InlineData(0, "0s")]
    [InlineData(259_200, "72h")]
    public void Formats_in_kubernetes_style(double seconds, string text) =>
        Assert.Equal(text, Duration.Format(TimeSpan.FromSeconds(seconds)));

    [Fact]
    public void Converter_lets_configuration_bind_kubernetes_style()
    {
        DurationConverter.Register();
        var converter = System.ComponentModel.TypeDescriptor.GetConverter(typeof(TimeSpan));

        Assert.Equal(TimeSpan.FromMinutes(5), converter.ConvertFromInvariantString("5m"));
        Assert.Equal(TimeSpan.FromMinutes(5), converter.ConvertFromInvariantString("00:05:00"));
    }
}
