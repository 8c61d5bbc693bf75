using ClusterOperator.Api.Model;
using ClusterOperator.Api.Validation;
using ClusterOperator.Controllers;
using ClusterOperator.Runtime;
using ClusterOperator.Scheduling;
using ClusterOperator.Workloads;
using k8s.Models;

namespace ClusterOperator.Scheduler;

/// <summary>
/// Translates cached Kubernetes objects into the core's snapshot. A workload enters the snapshot only when every
/// one of its pods exists, so every bind the core decides names a real pod; the GPUs held by pods of any other
/// workload (incomplete, finishing, or not ours) count as foreign on their nodes, so nothing is double-booked.
/// </summary>
/// <remarks>
/// Cached objects are replaced, never changed, on every update, so a translation stays valid while its run (or
/// experiment) and its pods are the very same instances: each round re-translates only what changed since the last.
/// Only the scheduler loop calls <see cref="Build"/>, one round at a time, so the table needs no lock.
/// </remarks>
internal sealed class SnapshotBuilder(Func<TrainingRun, IReadOnlyList<FieldError>> runErrors, Func<IdeaExperiment, IReadOnlyList<FieldError>> ideaErrors)
{
    private Dictionary<ObjectKey, Translation> _runs = [];
    private Dictionary<ObjectKey, Translation> _ideas = [];

    /// <param name="objects">The cached objects.</param>
    /// <param name="assumedNode">Where a pod not yet bound in the cache was sent by an earlier round, if it was.</param>
    /// <param name="state">Usage and reservations carried between rounds.</param>
    /// <param name="options">Fair-share settings.</param>
    /// <param name="policy">The scheduling policy.</param>
    /// <param name="now">The round's clock.</param>
    public BuiltSnapshot Build(ClusterObjects objects, Func<V1Pod, string?> assumedNode, SchedulerState state, FairShareOptions options, SchedulingPolicy policy, DateTimeOffset now)
    {
        _runs = Translate(objects.Runs, _runs, objects.Pod, RunPodNames, TranslateRun);
        _ideas = Translate(objects.Ideas, _ideas, objects.Pod, IdeaPodNames, TranslateIdea);

        // Sized up front: with thousands of workloads these tables are large objects, and growing them step by step
        // would leave a trail of discarded ones every round.
        var count = _runs.Values.Sum(t => t.Workloads.Length) + _ideas.Values.Sum(t => t.Workloads.Length);
        var workloads = new List<Workload>(count);
        var refs = new Dictionary<string, TranslatedWorkload>(count, StringComparer.Ordinal);

        // Pods of snapshot workloads are the core's to count; GPUs held by any other pod are foreign. A pod replaced
        // in the cache between the list and the lookups is counted twice for a round: too little room, never too much.
        var counted = new HashSet<V1Pod>(count, ReferenceEqualityComparer.Instance);
        foreach (var cached in _runs.Values.Concat(_ideas.Values).SelectMany(t => t.Workloads))
        {
            var translated = WithAssumedBinds(cached, assumedNode);
            workloads.Add(translated.Workload);
            refs[translated.Workload.Id] = translated;
            for (var i = 0; i < translated.Pods.Count; i++)
            {
                if (PodFacts.HoldsGpus(translated.Pods[i]))
                {
                    counted.Add(translated.Pods[i]);
                }
            }
        }

        var foreign = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var pod in objects.Pods)
        {
            if (PodFacts.HoldsGpus(pod) && !counted.Contains(pod))
            {
                foreign[pod.Spec.NodeName] = foreign.GetValueOrDefault(pod.Spec.NodeName) + Quantities.PodGpus(pod);
            }
        }

        var snapshot = new ClusterSnapshot
        {
            Now = now,
            Nodes = [.. objects.Nodes.Select(n => NodeTranslator.Translate(n, foreign.GetValueOrDefault(n.Metadata.Name)))],
            Workloads = workloads,
            OwnerUsage = state.OwnerUsage,
            Reservations = state.Reservations,
            Options = options,
            Policy = policy,
        };
        return new BuiltSnapshot(snapshot, refs);
    }

    public static string OwnerOf(TrainingRun run) => run.Spec.Owner ?? run.Metadata.NamespaceProperty;

    public static string OwnerOf(IdeaExperiment idea) => idea.Spec.Owner ?? idea.Metadata.NamespaceProperty;

    /// <summary>Keeps the translations whose source and pods are unchanged; translates the rest again.</summary>
    private static Dictionary<ObjectKey, Translation> Translate<T>(
        IReadOnlyList<T> sources,
        Dictionary<ObjectKey, Translation> previous,
        Func<ObjectKey, V1Pod?> lookup,
        Func<T, string[]> podNames,
        Func<T, V1Pod?[], TranslatedWorkload[]> translate)
        where T : class, k8s.IKubernetesObject<V1ObjectMeta>
    {
        var next = new Dictionary<ObjectKey, Translation>(sources.Count);
        foreach (var source in sources)
        {
            var key = ObjectKey.From(source);
            previous.TryGetValue(key, out var old);
            var same = old is not null && ReferenceEquals(old.Source, source);
            var names = same ? old!.PodNames : podNames(source);
            var pods = same ? old!.Pods : null;
            for (var i = 0; i < names.Length; i++)
            {
                var pod = lookup(new ObjectKey(key.Namespace, names[i]));
                if (pods is null || !ReferenceEquals(pods[i], pod))
                {
                    // Copy on first difference: an unchanged run allocates nothing.
                    var fresh = new V1Pod?[names.Length];
                    if (pods is not null)
                    {
                        Array.Copy(pods, fresh, i);
                    }

                    pods = fresh;
                    same = false;
                }

                pods[i] = pod;
            }

            pods ??= [];
            next[key] = same ? old! : new Translation(source, names, pods, translate(source, pods));
        }

        return next;
    }

    private string[] RunPodNames(TrainingRun run) =>
        IsLive(run) ? [.. Enumerable.Range(0, GangPods.PodCount(run.Spec)).Select(i => GangPods.PodName(run, i))] : [];

    private string[] IdeaPodNames(IdeaExperiment idea) =>
        IsLive(idea) ? [.. IdeaPods.VariantNames(idea.Spec).Select(v => IdeaPods.PodName(idea, v))] : [];

    private bool IsLive(TrainingRun run) =>
        run.Metadata.DeletionTimestamp is null
        && run.Status?.Phase is not (TrainingRunPhase.Succeeded or TrainingRunPhase.Failed)
        && runErrors(run).Count == 0;

    private bool IsLive(IdeaExperiment idea) =>
        idea.Metadata.DeletionTimestamp is null
        && idea.Status?.Phase is not (IdeaPhase.Succeeded or IdeaPhase.Failed or IdeaPhase.TimedOut)
        && ideaErrors(idea).Count == 0;

    private static TranslatedWorkload[] TranslateRun(TrainingRun run, V1Pod?[] pods)
    {
        var attempt = (run.Status?.Restarts ?? 0).ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (pods.Length == 0 || pods.Any(pod => pod is null
                || PodFacts.IsFinished(pod)
                || pod.Metadata.Labels?.TryGetValue(GangPods.AttemptLabel, out var podAttempt) != true || podAttempt != attempt
                || !IsOwnedBy(pod, run)))
        {
            return [];
        }

        var gang = pods.Select(p => p!).ToArray();
        var preempted = run.Status?.LastPreemption?.Time is { } time ? Times.Utc(time) : (DateTimeOffset?)null;
        var submitted = Created(run.Metadata);
        var reference = new WorkloadRef(WorkloadOrigin.TrainingRun, ObjectKey.From(run));
        var workload = new Workload
        {
            Id = reference.Id,
            Kind = WorkloadKind.Training,
            Owner = OwnerOf(run),
            Replicas = gang.Length,
            MinReplicas = run.Spec.Elastic?.MinReplicas,
            GpusPerReplica = run.Spec.GpusPerReplica,
            Constraints = PodConstraints.From(run.Spec.Template.Spec),
            SubmitTime = submitted,
            PendingSince = preempted > submitted ? preempted : null,
            StartTime = StartTime(gang),
            GracePeriod = TimeSpan.FromSeconds(run.Spec.Preemption?.GracePeriodSeconds ?? new PreemptionSpec().GracePeriodSeconds),
            Pods = [.. gang.Select((pod, index) => (pod, index)).Where(g => PodFacts.IsBound(g.pod))
                .Select(g => new BoundPod(g.index, g.pod.Spec.NodeName, PodFacts.IsTerminating(g.pod)))],
        };
        return [new TranslatedWorkload(workload, reference, gang)];
    }

    private static TranslatedWorkload[] TranslateIdea(IdeaExperiment idea, V1Pod?[] pods)
    {
        var variants = IdeaPods.VariantNames(idea.Spec);
        var translated = new List<TranslatedWorkload>();
        for (var i = 0; i < pods.Length; i++)
        {
            if (pods[i] is not { } pod || PodFacts.IsFinished(pod) || !IsOwnedBy(pod, idea))
            {
                continue;
            }

            var reference = new WorkloadRef(WorkloadOrigin.IdeaExperiment, ObjectKey.From(idea), variants[i]);
            translated.Add(new TranslatedWorkload(
                new Workload
                {
                    Id = reference.Id,
                    Kind = WorkloadKind.Idea,
                    Owner = OwnerOf(idea),
                    Replicas = 1,
                    GpusPerReplica = idea.Spec.Gpus,
                    Constraints = PodConstraints.From(idea.Spec.Template.Spec),
                    SubmitTime = Created(idea.Metadata),
                    StartTime = StartTime([pod]),
                    GracePeriod = pod.Spec.TerminationGracePeriodSeconds is { } grace ? TimeSpan.FromSeconds(grace) : null,
                    Pods = PodFacts.IsBound(pod) ? [new BoundPod(0, pod.Spec.NodeName, PodFacts.IsTerminating(pod))] : [],
                },
                reference,
                [pod]));
        }

        return [.. translated];
    }

    /// <summary>The workload with its pods that were sent to a node but are not bound in the cache yet counted as bound there.</summary>
    private static TranslatedWorkload WithAssumedBinds(TranslatedWorkload translated, Func<V1Pod, string?> assumedNode)
    {
        List<BoundPod>? bound = null;
        for (var i = 0; i < translated.Pods.Count; i++)
        {
            var pod = translated.Pods[i];
            if (!PodFacts.IsBound(pod) && assumedNode(pod) is { } node)
            {
                bound ??= [.. translated.Workload.Pods];
                bound.Add(new BoundPod(translated.Ref.Origin == WorkloadOrigin.TrainingRun ? i : 0, node, false));
            }
        }

        return bound is null ? translated : translated with { Workload = translated.Workload with { Pods = [.. bound.OrderBy(p => p.Index)] } };
    }

    // The uid check keeps a new object from adopting the pods of a deleted one of the same name.
    private static bool IsOwnedBy(V1Pod pod, k8s.IKubernetesObject<V1ObjectMeta> owner) =>
        pod.Metadata.OwnerReferences?.Any(o => o.Uid == owner.Metadata.Uid) == true;

    /// <summary>When the current placement started: the earliest start among bound pods, for MinRuntime protection.</summary>
    private static DateTimeOffset? StartTime(IEnumerable<V1Pod> pods) =>
        pods.Where(PodFacts.IsBound)
            .Select(p => p.Status?.StartTime ?? p.Metadata.CreationTimestamp)
            .Where(t => t is not null)
            .Select(t => (DateTimeOffset?)Times.Utc(t!.Value))
            .Min();

    private static DateTimeOffset Created(V1ObjectMeta metadata) =>
        metadata.CreationTimestamp is { } created ? Times.Utc(created) : DateTimeOffset.UnixEpoch;

    /// <summary>What a run or experiment translated to, and the instances it was translated from.</summary>
    private sealed record Translation(object Source, string[] PodNames, V1Pod?[] Pods, TranslatedWorkload[] Workloads);
}
