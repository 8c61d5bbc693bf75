using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ClusterOperator.Soak;

/// <summary>The soak's result, written as <c>--json FILE</c> in exactly the shape issue #9 gives.</summary>
internal sealed record SoakSummary(
    [property: JsonPropertyName("runs")] int Runs,
    [property: JsonPropertyName("faults")] long Faults,
    [property: JsonPropertyName("operatorRestarts")] int OperatorRestarts,
    [property: JsonPropertyName("failovers")] int Failovers,
    [property: JsonPropertyName("violations")] int Violations,
    [property: JsonPropertyName("violationDetails")] IReadOnlyList<string> ViolationDetails,
    [property: JsonPropertyName("p99WithinShareWaitSeconds")] double P99WithinShareWaitSeconds)
{
    public string ToJson() => JsonSerializer.Serialize(this);

    public static double Percentile(IEnumerable<double> values, double p)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? 0 : Math.Round(sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)], 2);
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"runs {Runs}, faults {Faults}, operator restarts {OperatorRestarts}, failovers {Failovers}, violations {Violations}, p99 within-share wait {P99WithinShareWaitSeconds:0.00}s");
}
