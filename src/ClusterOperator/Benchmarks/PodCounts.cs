namespace ClusterOperator.Benchmarks;

/// <summary>Pods seen per run, each counted once however often the watch shows it.</summary>
internal sealed class PodCounts
{
    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _perRun = new(StringComparer.Ordinal);

    /// <summary>The run's pods seen so far; 0 when this pod was seen before, so a run reaches its total exactly once.</summary>
    public int Count(string run, string pod) =>
        _seen.Add(pod) ? _perRun[run] = _perRun.GetValueOrDefault(run) + 1 : 0;
}
