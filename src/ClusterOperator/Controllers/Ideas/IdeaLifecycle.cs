using System.Globalization;
using ClusterOperator.Api;
using ClusterOperator.Api.Model;
using ClusterOperator.Workloads;
using k8s.Models;

namespace ClusterOperator.Controllers.Ideas;

/// <summary>
/// The level-based life cycle of an <see cref="IdeaExperiment"/>: one pod per variant, each with a deadline.
/// A variant's terminal phase is recorded in status before its pod goes, so it is never run twice.
/// </summary>
internal static class IdeaLifecycle
{
    public static IdeaDecision Decide(
        IdeaExperiment idea,
        IReadOnlyList<V1Pod> pods,
        SchedulingView scheduling,
        TimeSpan maxDuration,
        Func<string, bool> nodeIsLost,
        DateTimeOffset now)
    {
        var old = idea.Status ?? new IdeaExperimentStatus();
        var byVariant = pods.Where(p => p.Metadata.Labels?.ContainsKey(ApiGroup.VariantLabel) == true)
            .GroupBy(p => p.Metadata.Labels[ApiGroup.VariantLabel])
            .ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var create = new List<string>();
        var delete = new List<V1Pod>();
        var variants = new List<VariantStatus>();
        TimeSpan? nextDeadline = null;

        foreach (var name in IdeaPods.VariantNames(idea.Spec))
        {
            var previous = old.Variants?.FirstOrDefault(v => v.Name == name);
            var variant = new VariantStatus { Name = name, Phase = previous?.Phase ?? IdeaPhase.Pending, ExitCode = previous?.ExitCode, Node = previous?.Node, StartTime = previous?.StartTime, FinishTime = previous?.FinishTime };
            variants.Add(variant);
            byVariant.TryGetValue(name, out var pod);
            if (IsTerminal(variant.Phase))
            {
                if (pod is not null && !PodFacts.IsFinished(pod) && !PodFacts.IsTerminating(pod))
                {
                    delete.Add(pod);
                }

                continue;
            }

            if (pod is null)
            {
                variant.Phase = IdeaPhase.Pending;
                variant.Node = null;
                create.Add(name);
                continue;
            }

            if (PodFacts.IsLost(pod, nodeIsLost))
            {
                variant.Phase = IdeaPhase.Pending;
                delete.Add(pod);
                continue;
            }

            variant.Node = pod.Spec?.NodeName;
            if (PodFacts.HasSucceeded(pod) || PodFacts.FailedOnItsOwn(pod))
            {
                variant.ExitCode = PodFacts.ExitCode(pod);
                variant.Phase = pod.Status?.Reason == "DeadlineExceeded" ? IdeaPhase.TimedOut
                    : PodFacts.HasSucceeded(pod) ? IdeaPhase.Succeeded
                    : IdeaPhase.Failed;
                variant.FinishTime ??= now.UtcDateTime;
                continue;
            }

            if (!PodFacts.IsBound(pod) || PodFacts.IsTerminating(pod))
            {
                variant.Phase = IdeaPhase.Pending;
                continue;
            }

            variant.Phase = IdeaPhase.Running;
            variant.StartTime ??= pod.Status?.StartTime ?? now.UtcDateTime;
            var deadline = Times.Utc(variant.StartTime.Value) + maxDuration;
            if (now >= deadline)
            {
                variant.Phase = IdeaPhase.TimedOut;
                variant.FinishTime = now.UtcDateTime;
                delete.Add(pod);
            }
            else if (nextDeadline is null || deadline - now < nextDeadline)
            {
                nextDeadline = deadline - now;
            }
        }

        var status = Summarize(idea, old, variants, pods, scheduling, now);
        return new IdeaDecision
        {
            Status = status,
            CreatePods = IsTerminal(status.Phase) ? [] : create,
            DeletePods = delete,
            Promotion = Promotion(idea, status),
            RequeueAfter = nextDeadline,
        };
    }

    /// <summary>The effective maximum duration: the spec's, or the default, capped at the configured maximum.</summary>
    public static TimeSpan MaxDuration(IdeaExperimentSpec spec, TimeSpan defaultDuration, TimeSpan maximum)
    {
        var asked = spec.MaxDuration is { } text && Duration.TryParse(text, out var parsed) && parsed > TimeSpan.Zero ? parsed : defaultDuration;
        return asked > maximum ? maximum : asked;
    }

    private static IdeaExperimentStatus Summarize(IdeaExperiment idea, IdeaExperimentStatus old, List<VariantStatus> variants, IReadOnlyList<V1Pod> pods, SchedulingView scheduling, DateTimeOffset now)
    {
        var generation = idea.Metadata.Generation;
        var phase = variants.All(v => v.Phase == IdeaPhase.Succeeded) ? IdeaPhase.Succeeded
            : variants.All(v => IsTerminal(v.Phase)) ? (variants.Any(v => v.Phase == IdeaPhase.Failed) ? IdeaPhase.Failed : IdeaPhase.TimedOut)
            : variants.Any(v => v.Phase == IdeaPhase.Running) ? IdeaPhase.Running
            : IdeaPhase.Pending;
        var finished = IsTerminal(phase);
        var running = variants.Count(v => v.Phase == IdeaPhase.Running);
        var conditions = ConditionList.Remove(old.Conditions, ConditionTypes.InvalidSpec);
        conditions = ConditionList.Set(conditions, ConditionTypes.Scheduled, running > 0 || finished,
            running > 0 || finished ? "Bound" : "Waiting",
            running > 0 || finished
                ? string.Create(CultureInfo.InvariantCulture, $"{variants.Count(v => v.StartTime is not null)} of {variants.Count} variants started.")
                : scheduling.WaitingReason ?? "Waiting for the scheduler.",
            generation, now);
        conditions = ConditionList.Set(conditions, ConditionTypes.Running, running > 0, running > 0 ? "VariantsRunning" : "NoVariantRunning",
            string.Create(CultureInfo.InvariantCulture, $"{running} of {variants.Count} variants are running."), generation, now);
        if (finished)
        {
            conditions = ConditionList.Set(conditions, ConditionTypes.Finished, true, phase.ToString(),
                string.Join("; ", variants.Select(v => $"{v.Name}: {v.Phase}{(v.ExitCode is { } code ? string.Create(CultureInfo.InvariantCulture, $" (exit {code})") : "")}")),
                generation, now);
        }

        return new IdeaExperimentStatus
        {
            Phase = phase,
            Owner = scheduling.Owner,
            Variants = variants,
            AllocatedGpus = pods.Count(PodFacts.HoldsGpus) * idea.Spec.Gpus,
            WaitingReason = running == 0 && !finished ? scheduling.WaitingReason : null,
            Conditions = conditions,
            StartTime = old.StartTime ?? variants.Where(v => v.StartTime is not null).Select(v => v.StartTime).Min(),
            CompletionTime = finished ? old.CompletionTime ?? now.UtcDateTime : null,
            ObservedGeneration = generation,
            PromotedTo = old.PromotedTo,
        };
    }

    private static TrainingRun? Promotion(IdeaExperiment idea, IdeaExperimentStatus status)
    {
        if (status.PromotedTo is not null || !IsTerminal(status.Phase))
        {
            return null;
        }

        var requested = idea.Metadata.Annotations?.TryGetValue(ApiGroup.PromoteAnnotation, out var annotated) == true ? annotated : null;
        var promotion = idea.Spec.Promotion;
        if (requested is null && (promotion is null || status.Phase != IdeaPhase.Succeeded))
        {
            return null;
        }

        var variantName = requested ?? promotion?.Variant ?? IdeaPods.MainVariant;
        if (status.Variants?.FirstOrDefault(v => v.Name == variantName) is not { Phase: IdeaPhase.Succeeded })
        {
            return null;
        }

        var template = IdeaPods.Build(idea, variantName, TimeSpan.Zero);
        var runTemplate = new V1PodTemplateSpec
        {
            Metadata = idea.Spec.Template.Metadata,
            Spec = idea.Spec.Template.Spec with { Containers = template.Spec.Containers.Select(WithoutGpuLimit).ToList() },
        };
        return new TrainingRun
        {
            Metadata = new V1ObjectMeta
            {
                Name = promotion?.Name ?? $"{idea.Metadata.Name}-{variantName}",
                NamespaceProperty = idea.Metadata.NamespaceProperty,
                Labels = new Dictionary<string, string> { [ApiGroup.Group + "/promoted-from"] = idea.Metadata.Name },
            },
            Spec = new TrainingRunSpec
            {
                Owner = status.Owner,
                Replicas = promotion?.Replicas ?? 1,
                GpusPerReplica = promotion?.GpusPerReplica ?? idea.Spec.Gpus,
                Template = runTemplate,
            },
        };
    }

    // The run's own gpusPerReplica sets the limit; the idea's would contradict it.
    private static V1Container WithoutGpuLimit(V1Container container)
    {
        container.Resources?.Limits?.Remove(ApiGroup.GpuResource);
        container.Resources?.Requests?.Remove(ApiGroup.GpuResource);
        return container;
    }

    private static bool IsTerminal(IdeaPhase? phase) => phase is IdeaPhase.Succeeded or IdeaPhase.Failed or IdeaPhase.TimedOut;
}
