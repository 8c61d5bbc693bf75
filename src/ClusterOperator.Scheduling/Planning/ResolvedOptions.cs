using System.Globalization;

namespace ClusterOperator.Scheduling.Planning;

/// <summary>
/// A validated, immutable copy of <see cref="FairShareOptions"/> taken at the start of a plan, so a caller
/// mutating its options object cannot change a plan half-way. Invalid values fall back to the defaults.
/// </summary>
internal sealed class ResolvedOptions
{
    private readonly Dictionary<string, double> _weights = new(StringComparer.Ordinal);

    public ResolvedOptions(FairShareOptions options, List<SnapshotError> errors)
    {
        var defaults = new FairShareOptions();
        UsageHalfLife = NonNegative(options.UsageHalfLife, defaults.UsageHalfLife, nameof(options.UsageHalfLife), errors);
        MinRuntime = NonNegative(options.MinRuntime, defaults.MinRuntime, nameof(options.MinRuntime), errors);
        DefaultGracePeriod = NonNegative(options.DefaultGracePeriod, defaults.DefaultGracePeriod, nameof(options.DefaultGracePeriod), errors);
        StarvationThreshold = NonNegative(options.StarvationThreshold, defaults.StarvationThreshold, nameof(options.StarvationThreshold), errors);
        IdeaGuaranteeGpus = NonNegative(options.IdeaGuaranteeGpus, defaults.IdeaGuaranteeGpus, nameof(options.IdeaGuaranteeGpus), errors);
        IdeaMaxGpus = NonNegative(options.IdeaMaxGpus, defaults.IdeaMaxGpus, nameof(options.IdeaMaxGpus), errors);
        if (double.IsFinite(options.ReclaimHysteresis) && options.ReclaimHysteresis >= 1)
        {
            ReclaimHysteresis = options.ReclaimHysteresis;
        }
        else
        {
            ReclaimHysteresis = defaults.ReclaimHysteresis;
            errors.Add(Invalid(nameof(options.ReclaimHysteresis), options.ReclaimHysteresis, "must be a number ≥ 1", ReclaimHysteresis));
        }

        foreach (var (owner, weight) in options.Weights.OrderBy(w => w.Key, StringComparer.Ordinal))
        {
            if (double.IsFinite(weight) && weight > 0)
            {
                _weights[owner] = weight;
            }
            else
            {
                errors.Add(new SnapshotError($"options Weights:{owner}", string.Create(CultureInfo.InvariantCulture, $"weight {weight} must be a positive number; weight 1 is used")));
            }
        }
    }

    public TimeSpan UsageHalfLife { get; }

    public TimeSpan MinRuntime { get; }

    public TimeSpan DefaultGracePeriod { get; }

    public TimeSpan StarvationThreshold { get; }

    public int IdeaGuaranteeGpus { get; }

    public int IdeaMaxGpus { get; }

    public double ReclaimHysteresis { get; }

    /// <summary>Owners named in the weights, whether or not they have work now.</summary>
    public IEnumerable<string> WeightedOwners => _weights.Keys;

    public double WeightOf(string owner) => _weights.TryGetValue(owner, out var weight) ? weight : 1;

    private static TimeSpan NonNegative(TimeSpan value, TimeSpan fallback, string name, List<SnapshotError> errors)
    {
        if (value >= TimeSpan.Zero)
        {
            return value;
        }

        errors.Add(Invalid(name, value, "must not be negative", fallback));
        return fallback;
    }

    private static int NonNegative(int value, int fallback, string name, List<SnapshotError> errors)
    {
        if (value >= 0)
        {
            return value;
        }

        errors.Add(Invalid(name, value, "must not be negative", fallback));
        return fallback;
    }

    private static SnapshotError Invalid(string name, object value, string rule, object fallback) =>
        new($"options {name}", string.Create(CultureInfo.InvariantCulture, $"{value} {rule}; the default {fallback} is used"));
}
