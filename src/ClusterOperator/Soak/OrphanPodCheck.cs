namespace ClusterOperator.Soak;

/// <summary>
/// No orphan pods at the end: every pod left belongs to a run or idea that still exists, and none is still
/// waiting or holding GPUs for one that has finished (finished pods may stay, like a Job's, for their logs).
/// </summary>
internal static class OrphanPodCheck
{
    public static IEnumerable<string> Find(SoakHistory history)
    {
        foreach (var pod in history.FinalPods.Values.OrderBy(p => p.Name, StringComparer.Ordinal))
        {
            var runPhase = pod.Workload is not { } owner ? null
                : history.Runs.TryGetValue(owner, out var run) ? run.Status?.Phase?.ToString() ?? "Pending"
                : history.Ideas.TryGetValue(owner, out var idea) ? idea.Status?.Phase?.ToString() ?? "Pending"
                : null;
            if (runPhase is null)
            {
                yield return $"orphan pod: {pod.Name} belongs to {pod.Workload ?? "no run"}, which does not exist";
            }
            else if (!pod.IsFinished && runPhase is "Succeeded" or "Failed" or "TimedOut")
            {
                yield return $"orphan pod: {pod.Name} is {pod.Phase ?? "Pending"}{(pod.Node is null ? " unbound" : " on " + pod.Node)}"
                    + $"{(pod.Terminating ? " (terminating)" : "")} but {pod.Workload} is {runPhase}";
            }
        }
    }
}
