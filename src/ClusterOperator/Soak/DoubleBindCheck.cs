using System.Globalization;

namespace ClusterOperator.Soak;

/// <summary>
/// Never a run bound twice at once: replays every pod change and, for each run, looks at its live pods (bound, not
/// finished, not being deleted). Two live pods in one slot (replica index or variant), or live pods of two gang
/// attempts at once, mean two copies of the run compute side by side. Each run is reported once per kind.
/// </summary>
internal static class DoubleBindCheck
{
    public static IEnumerable<string> Find(SoakHistory history)
    {
        var live = new Dictionary<string, PodChange>(StringComparer.Ordinal);
        var reported = new HashSet<string>(StringComparer.Ordinal);
        foreach (var change in history.PodChanges)
        {
            live.Remove(change.Name);
            if (!change.IsLive || change.Workload is not { } workload)
            {
                continue;
            }

            live[change.Name] = change;
            var mine = live.Values.Where(p => p.Workload == workload).ToList();
            var twin = mine.FirstOrDefault(p => p.Name != change.Name && p.Slot == change.Slot);
            if (twin is not null && reported.Add("slot/" + workload))
            {
                yield return string.Create(CultureInfo.InvariantCulture,
                    $"bound twice: {workload} slot {change.Slot} had live pods {twin.Name} on {twin.Node} and {change.Name} on {change.Node} at {change.Time:HH:mm:ss.fff}");
            }

            var attempts = mine.Select(p => p.Attempt).Distinct().ToList();
            if (attempts.Count > 1 && reported.Add("attempt/" + workload))
            {
                yield return string.Create(CultureInfo.InvariantCulture,
                    $"bound twice: {workload} had live pods of attempts {string.Join(" and ", attempts)} at once at {change.Time:HH:mm:ss.fff}: {string.Join(", ", mine.Select(p => $"{p.Name}@{p.Node} attempt {p.Attempt}"))}");
            }
        }
    }
}
