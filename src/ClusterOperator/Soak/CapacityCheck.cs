using System.Globalization;

namespace ClusterOperator.Soak;

/// <summary>
/// Never a node over-allocated: replays every pod change in commit order and sums, per node, the GPUs of pods
/// that are bound and not finished (terminating pods still hold theirs). Each episode over capacity is one violation.
/// </summary>
internal static class CapacityCheck
{
    public static IEnumerable<string> Find(SoakHistory history, int gpusPerNode)
    {
        var holding = new Dictionary<string, PodChange>(StringComparer.Ordinal);
        var used = new Dictionary<string, int>(StringComparer.Ordinal);
        var over = new HashSet<string>(StringComparer.Ordinal);
        foreach (var change in history.PodChanges)
        {
            if (holding.Remove(change.Name, out var before))
            {
                used[before.Node!] -= before.Gpus;
            }

            if (!change.HoldsGpus || change.Gpus == 0)
            {
                continue;
            }

            holding[change.Name] = change;
            var node = change.Node!;
            used[node] = used.GetValueOrDefault(node) + change.Gpus;
            if (used[node] <= gpusPerNode)
            {
                over.Remove(node);
            }
            else if (over.Add(node))
            {
                var pods = string.Join(", ", holding.Values.Where(p => p.Node == node).Select(p => $"{p.Name} ({p.Gpus.ToString(CultureInfo.InvariantCulture)})"));
                yield return string.Create(CultureInfo.InvariantCulture,
                    $"node over-allocated: {node} held {used[node]} of {gpusPerNode} GPUs at {change.Time:HH:mm:ss.fff} when {change.Name} was bound; pods: {pods}");
            }
        }
    }
}
