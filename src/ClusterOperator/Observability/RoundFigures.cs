namespace ClusterOperator.Observability;

/// <summary>What one scheduling round saw, kept for the gauges until the next round replaces it.</summary>
internal sealed record RoundFigures(
    IReadOnlyDictionary<string, double> Capacity,
    IReadOnlyDictionary<string, double> Allocated,
    IReadOnlyDictionary<string, double> FairShare,
    IReadOnlyDictionary<(string Kind, string Phase), long> Runs,
    IReadOnlyDictionary<string, double> PendingByReason,
    double WithinShareWaitMax,
    double WaitBound)
{
    public static RoundFigures Empty { get; } = new(
        new Dictionary<string, double>(), new Dictionary<string, double>(), new Dictionary<string, double>(),
        new Dictionary<(string, string), long>(), new Dictionary<string, double>(), 0, 0);
}
