using System.Globalization;
using ClusterOperator.Api;
using ClusterOperator.Api.Model;

namespace ClusterOperator.Soak;

/// <summary>
/// Every run reached the terminal phase its pods dictate. The plan fixes each pod's behaviour (exit code, run time
/// far above any timeout), hence the phase and, for a failed TrainingRun, the reason; and the history must hold
/// the pods that justify it: a Succeeded pod for every replica (of the final attempt) or variant, a pod that
/// exited non-zero in the last allowed attempt, or a run that really outlived its maxRuntime.
/// </summary>
internal static class TerminalPhaseCheck
{
    public static IEnumerable<string> Find(SoakHistory history, IReadOnlyList<PlannedRun> plan)
    {
        foreach (var planned in plan)
        {
            var pods = history.PodChanges.Where(p => p.Workload == planned.Name).ToList();
            var problem = planned.Kind == RunKind.Idea ? Idea(history, planned, pods) : Training(history, planned, pods);
            if (problem is not null)
            {
                yield return $"wrong terminal phase: {planned.Name} ({Describe(planned)}) {problem}";
            }
        }
    }

    private static string? Training(SoakHistory history, PlannedRun planned, List<PodChange> pods)
    {
        if (!history.Runs.TryGetValue(planned.Name, out var run))
        {
            return history.Created.ContainsKey(planned.Name) ? "was deleted" : "was never created";
        }

        var status = run.Status ?? new TrainingRunStatus();
        var phase = status.Phase?.ToString() ?? "no phase";
        var reason = status.Conditions?.FirstOrDefault(c => c.Type == ConditionTypes.Finished && c.Status == "True")?.Reason;
        if (phase != planned.ExpectedPhase || (planned.ExpectedFailureReason is not null && reason != planned.ExpectedFailureReason))
        {
            return $"ended {phase}{(reason is null ? "" : $" ({reason})")}, expected {planned.ExpectedPhase}{(planned.ExpectedFailureReason is { } r ? $" ({r})" : "")}";
        }

        var attempt = status.Restarts.ToString(CultureInfo.InvariantCulture);
        var ofAttempt = pods.Where(p => p.Attempt == attempt).ToList();
        return (phase, reason) switch
        {
            ("Succeeded", _) when planned.Kind == RunKind.Elastic && !ofAttempt.Any(p => p.Phase == "Succeeded") =>
                $"is Succeeded but no pod of attempt {attempt} succeeded",
            ("Succeeded", _) when planned.Kind == RunKind.Training && MissingSlots(ofAttempt, Enumerable.Range(0, planned.Pods).Select(Text)) is { Length: > 0 } missing =>
                $"is Succeeded but replicas {missing} of attempt {attempt} never succeeded",
            (_, "BackoffLimitExceeded") when status.Restarts != PlannedRun.BackoffLimit || !ofAttempt.Any(p => p.Phase == "Failed" && p.ExitCode is not (null or 0)) =>
                $"is BackoffLimitExceeded after {status.Restarts} restarts, but no pod of that attempt exited non-zero or the limit is {PlannedRun.BackoffLimit}",
            (_, "MaxRuntimeExceeded") when status.StartTime is not { } start || status.CompletionTime is not { } end
                || end - start < TimeSpan.FromSeconds(planned.TimeoutSeconds!.Value - 1) =>
                $"is MaxRuntimeExceeded but ran from {status.StartTime:HH:mm:ss} to {status.CompletionTime:HH:mm:ss}, under its {planned.TimeoutSeconds}s",
            _ => null,
        };
    }

    private static string? Idea(SoakHistory history, PlannedRun planned, List<PodChange> pods)
    {
        if (!history.Ideas.TryGetValue(planned.Name, out var idea))
        {
            return history.Created.ContainsKey(planned.Name) ? "was deleted" : "was never created";
        }

        var phase = idea.Status?.Phase?.ToString() ?? "no phase";
        if (phase != planned.ExpectedPhase)
        {
            return $"ended {phase}, expected {planned.ExpectedPhase}";
        }

        var variants = planned.Pods == 1 ? ["main"] : Enumerable.Range(0, planned.Pods).Select(i => "v" + Text(i)).ToArray();
        return phase switch
        {
            "Succeeded" when MissingSlots(pods, variants) is { Length: > 0 } missing => $"is Succeeded but variants {missing} never had a pod succeed",
            "Failed" when !pods.Any(p => p.Phase == "Failed" && p.ExitCode is not (null or 0)) => "is Failed but no pod exited non-zero",
            "TimedOut" when pods.Any(p => p.Phase == "Succeeded") => "is TimedOut but one of its pods succeeded",
            _ => null,
        };
    }

    private static string MissingSlots(IEnumerable<PodChange> pods, IEnumerable<string> slots)
    {
        var succeeded = pods.Where(p => p.Phase == "Succeeded").Select(p => p.Slot).ToHashSet(StringComparer.Ordinal);
        return string.Join(",", slots.Where(s => !succeeded.Contains(s)));
    }

    public static string Describe(PlannedRun run) => string.Create(CultureInfo.InvariantCulture,
        $"{run.Kind} of {run.Owner}, {run.Pods}x{run.GpusPerPod} GPUs, {run.RunSeconds}s, exit {run.ExitCode}{(run.TimeoutSeconds is { } t ? $", timeout {t}s" : "")}");

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}
