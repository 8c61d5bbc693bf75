namespace ClusterOperator.Scheduling;

/// <summary>
/// Fair-share settings. Plain settable properties so that .NET configuration binding fills them
/// (e.g. the <c>FairShare</c> section, <c>--FairShare:MinRuntime=5m</c> after duration parsing).
/// </summary>
public sealed class FairShareOptions
{
    /// <summary>Owner → weight in the first fair-share level (across owners). Owners not listed weigh 1. Default: empty.</summary>
    public IDictionary<string, double> Weights { get; } = new Dictionary<string, double>(StringComparer.Ordinal);

    /// <summary>Half-life of each owner's past GPU-seconds. Default 24h.</summary>
    public TimeSpan UsageHalfLife { get; set; } = TimeSpan.FromHours(24);

    /// <summary>A run is never evicted before it has run this long. Default 5m.</summary>
    public TimeSpan MinRuntime { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Grace period of evicted pods when the workload names none. Default 60s.</summary>
    public TimeSpan DefaultGracePeriod { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>GPUs each owner is guaranteed for IdeaExperiments. Default 2.</summary>
    public int IdeaGuaranteeGpus { get; set; } = 2;

    /// <summary>Largest idea workload, in GPUs; larger ones are rejected. Default 8.</summary>
    public int IdeaMaxGpus { get; set; } = 8;

    /// <summary>Duration of an idea that names none. Default 2h.</summary>
    public TimeSpan IdeaDefaultDuration { get; set; } = TimeSpan.FromHours(2);

    /// <summary>Longest duration an idea may ask for. Default 8h.</summary>
    public TimeSpan IdeaMaxDuration { get; set; } = TimeSpan.FromHours(8);

    /// <summary>After waiting this long, a run bigger than its share gets nodes reserved. Default 30m.</summary>
    public TimeSpan StarvationThreshold { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>An owner is a reclaim victim only while its allocation exceeds share × this factor (≥ 1). Default 1.1.</summary>
    public double ReclaimHysteresis { get; set; } = 1.1;

    /// <summary>The duration an idea runs for: the requested one (or the default), capped at <see cref="IdeaMaxDuration"/>.</summary>
    public TimeSpan EffectiveIdeaDuration(TimeSpan? requested)
    {
        var duration = requested ?? IdeaDefaultDuration;
        return duration > IdeaMaxDuration ? IdeaMaxDuration : duration;
    }
}
