using ClusterOperator.Api.Model;
using ClusterOperator.Controllers;
using ClusterOperator.Scheduler;
using k8s.Models;

namespace ClusterOperator.Operator;

/// <summary>
/// Which updates can change a scheduling decision. The scheduler round reads only these fields (see
/// <see cref="SnapshotBuilder"/> and <see cref="NodeTranslator"/>); a status write of a share or a waiting reason,
/// a pod's IP or a node's heartbeat cannot change a plan, so they do not start a round. Nor can a pod or run
/// starting to run, a pod's start time (read by the time-based rules, which the round's timer covers), or the
/// echo of a bind the round already assumed: each run would otherwise cost several rounds over every workload.
/// </summary>
internal static class SchedulingRelevance
{
    public static bool Run(TrainingRun old, TrainingRun now) =>
        old.Metadata.Generation != now.Metadata.Generation
        || old.Metadata.DeletionTimestamp != now.Metadata.DeletionTimestamp
        || IsOver(old.Status?.Phase) != IsOver(now.Status?.Phase)
        || old.Status?.Restarts != now.Status?.Restarts
        || old.Status?.LastPreemption?.Time != now.Status?.LastPreemption?.Time;

    public static bool Idea(IdeaExperiment old, IdeaExperiment now) =>
        old.Metadata.Generation != now.Metadata.Generation
        || old.Metadata.DeletionTimestamp != now.Metadata.DeletionTimestamp
        || IsOver(old.Status?.Phase) != IsOver(now.Status?.Phase);

    /// <summary>Whether a pod update can change a plan; <paramref name="assumed"/> must not have settled the update yet.</summary>
    public static bool Pod(V1Pod old, V1Pod now, AssumedBinds assumed) =>
        (old.Spec?.NodeName != now.Spec?.NodeName && !assumed.Confirms(now))
        || old.Metadata.DeletionTimestamp != now.Metadata.DeletionTimestamp
        || PodFacts.IsFinished(old) != PodFacts.IsFinished(now)
        || old.Status?.Reason != now.Status?.Reason;

    public static bool Node(V1Node old, V1Node now) =>
        NodeTranslator.IsReady(old) != NodeTranslator.IsReady(now)
        || old.Spec?.Unschedulable != now.Spec?.Unschedulable
        || Quantities.Gpus(old.Status?.Allocatable) != Quantities.Gpus(now.Status?.Allocatable)
        || !SameEntries(old.Metadata.Labels, now.Metadata.Labels)
        || (old.Spec?.Taints?.Count ?? 0) != (now.Spec?.Taints?.Count ?? 0)
        || (old.Spec?.Taints ?? []).Zip(now.Spec?.Taints ?? []).Any(p => p.First.Key != p.Second.Key || p.First.Value != p.Second.Value || p.First.Effect != p.Second.Effect);

    private static bool IsOver(TrainingRunPhase? phase) => phase is TrainingRunPhase.Succeeded or TrainingRunPhase.Failed;

    private static bool IsOver(IdeaPhase? phase) => phase is IdeaPhase.Succeeded or IdeaPhase.Failed or IdeaPhase.TimedOut;

    private static bool SameEntries(IDictionary<string, string>? a, IDictionary<string, string>? b) =>
        (a?.Count ?? 0) == (b?.Count ?? 0) && (a ?? new Dictionary<string, string>()).All(e => b!.TryGetValue(e.Key, out var v) && v == e.Value);
}
