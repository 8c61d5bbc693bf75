namespace ClusterOperator.Runtime.Queueing;

/// <summary>Exponential delay per item: base * 2^failures, capped. Not thread-safe; the queue guards it.</summary>
public sealed class ItemBackoff<T>(TimeSpan baseDelay, TimeSpan maxDelay)
    where T : notnull
{
    private readonly Dictionary<T, int> _failures = [];

    /// <summary>Records one more failure of <paramref name="item"/> and returns how long to wait before retrying it.</summary>
    public TimeSpan Next(T item)
    {
        var failures = _failures.GetValueOrDefault(item);
        _failures[item] = failures + 1;

        // Clamp the exponent before shifting: past 2^30 the cap has long been reached anyway.
        var ticks = baseDelay.Ticks * (double)(1L << Math.Min(failures, 30));
        return ticks >= maxDelay.Ticks ? maxDelay : TimeSpan.FromTicks((long)ticks);
    }

    public int Failures(T item) => _failures.GetValueOrDefault(item);

    /// <summary>Forgets the failures of <paramref name="item"/>, so its next failure starts at the base delay.</summary>
    public void Forget(T item) => _failures.Remove(item);
}
