using System.Globalization;
using ClusterOperator.Api.Model;

namespace ClusterOperator.Soak;

/// <summary>
/// Status agrees with reality at the end: the owner is the planned one, a finished run reports no replicas and
/// exactly the GPUs its remaining pods still hold, has a completion time, and every idea variant is reported
/// with a terminal phase that its own pod's outcome explains.
/// </summary>
internal static class StatusCheck
{
    public static IEnumerable<string> Find(SoakHistory history, IReadOnlyList<PlannedRun> plan)
    {
        foreach (var planned in plan)
        {
            var held = history.FinalPods.Values.Where(p => p.Workload == planned.Name && p.HoldsGpus).Sum(p => p.Gpus);
            var problems = planned.Kind == RunKind.Idea
                ? history.Ideas.TryGetValue(planned.Name, out var idea) ? Idea(idea, planned, held, history) : []
                : history.Runs.TryGetValue(planned.Name, out var run) ? Training(run, planned, held) : [];
            foreach (var problem in problems)
            {
                yield return $"status disagrees: {planned.Name} {problem}";
            }
        }
    }

    private static IEnumerable<string> Training(TrainingRun run, PlannedRun planned, int held)
    {
        var status = run.Status ?? new TrainingRunStatus();
        if (status.Owner != planned.Owner)
        {
            yield return $"reports owner {status.Owner ?? "none"}, spec says {planned.Owner}";
        }

        if (status.AllocatedGpus != held)
        {
            yield return string.Create(CultureInfo.InvariantCulture, $"reports {status.AllocatedGpus} allocated GPUs; its pods hold {held}");
        }

        if (status.Phase is TrainingRunPhase.Succeeded or TrainingRunPhase.Failed && (status.Replicas != 0 || status.CompletionTime is null))
        {
            yield return string.Create(CultureInfo.InvariantCulture, $"is {status.Phase} but reports {status.Replicas} replicas and completion time {status.CompletionTime?.ToString("O", CultureInfo.InvariantCulture) ?? "none"}");
        }
    }

    private static IEnumerable<string> Idea(IdeaExperiment idea, PlannedRun planned, int held, SoakHistory history)
    {
        var status = idea.Status ?? new IdeaExperimentStatus();
        if (status.Owner != planned.Owner)
        {
            yield return $"reports owner {status.Owner ?? "none"}, spec says {planned.Owner}";
        }

        if (status.AllocatedGpus != held)
        {
            yield return string.Create(CultureInfo.InvariantCulture, $"reports {status.AllocatedGpus} allocated GPUs; its pods hold {held}");
        }

        var variants = status.Variants ?? [];
        if (variants.Count != planned.Pods)
        {
            yield return string.Create(CultureInfo.InvariantCulture, $"reports {variants.Count} variants, spec has {planned.Pods}");
        }

        foreach (var variant in variants)
        {
            var pods = history.PodChanges.Where(p => p.Workload == planned.Name && p.Slot == variant.Name).ToList();
            var explained = variant.Phase switch
            {
                IdeaPhase.Succeeded => pods.Any(p => p.Phase == "Succeeded"),
                IdeaPhase.Failed => pods.Any(p => p.Phase == "Failed" && p.Reason != "DeadlineExceeded"),
                IdeaPhase.TimedOut => pods.Any(p => p.IsBound) && !pods.Any(p => p.Phase == "Succeeded"),
                _ => false,
            };
            if (!explained)
            {
                yield return $"reports variant {variant.Name} {variant.Phase?.ToString() ?? "without a phase"}, which its pods do not show";
            }
        }
    }
}
