using ClusterOperator.Api;
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
internal static class SnapshotBuilder
{
    public static BuiltSnapshot Build(ClusterObjects objects, SchedulerState state, FairShareOptions options, SchedulingPolicy policy, DateTimeOffset now)
    {
        var podsByName = objects.Pods.Where(p => p.Metadata?.Name is not null)
            .ToDictionary(p => $"{p.Metadata.NamespaceProperty}/{p.Metadata.Name}", StringComparer.Ordinal);
        var workloads = new List<Workload>();
        var refs = new Dictionary<string, WorkloadRef>(StringComparer.Ordinal);
        var owners = new Dictionary<string, string>(StringComparer.Ordinal);
        var counted = new HashSet<string>(StringComparer.Ordinal);

        foreach (var run in objects.Runs)
        {
            if (Translate(run, podsByName, counted) is { } workload)
            {
                Add(workload, new WorkloadRef(WorkloadOrigin.TrainingRun, ObjectKey.From(run)));
            }
        }

        foreach (var idea in objects.Ideas)
        {
            foreach (var (workload, variant) in Translate(idea, podsByName, counted))
            {
                Add(workload, new WorkloadRef(WorkloadOrigin.IdeaExperiment, ObjectKey.From(idea), variant));
            }
        }

        var foreign = objects.Pods
            .Where(p => PodFacts.HoldsGpus(p) && !counted.Contains(Key(p)))
            .GroupBy(p => p.Spec.NodeName)
            .ToDictionary(g => g.Key, g => g.Sum(Quantities.PodGpus), StringComparer.Ordinal);
        var nodes = objects.Nodes
            .Select(n => NodeTranslator.Translate(n, foreign.GetValueOrDefault(n.Metadata.Name)))
            .ToList();

        var snapshot = new ClusterSnapshot
        {
            Now = now,
            Nodes = nodes,
            Workloads = workloads,
            OwnerUsage = state.OwnerUsage,
            Reservations = state.Reservations,
            Options = options,
            Policy = policy,
        };
        return new BuiltSnapshot(snapshot, refs, podsByName, owners);

        void Add(Workload workload, WorkloadRef reference)
        {
            workloads.Add(workload);
            refs[workload.Id] = reference;
            owners[workload.Id] = workload.Owner;
        }
    }

    public static string OwnerOf(TrainingRun run) => run.Spec.Owner ?? run.Metadata.NamespaceProperty;

    public static string OwnerOf(IdeaExperiment idea) => idea.Spec.Owner ?? idea.Metadata.NamespaceProperty;

    private static Workload? Translate(TrainingRun run, Dictionary<string, V1Pod> pods, HashSet<string> counted)
    {
        if (run.Metadata.DeletionTimestamp is not null
            || run.Status?.Phase is TrainingRunPhase.Succeeded or TrainingRunPhase.Failed
            || TrainingRunValidator.Validate(run).Count > 0)
        {
            return null;
        }

        var attempt = (run.Status?.Restarts ?? 0).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var podCount = GangPods.PodCount(run.Spec);
        var gang = new List<(int Index, V1Pod Pod)>();
        for (var index = 0; index < podCount; index++)
        {
            if (!pods.TryGetValue($"{run.Metadata.NamespaceProperty}/{GangPods.PodName(run, index)}", out var pod)
                || PodFacts.IsFinished(pod)
                || pod.Metadata.Labels?.TryGetValue(GangPods.AttemptLabel, out var podAttempt) != true || podAttempt != attempt
                || pod.Metadata.OwnerReferences?.Any(o => o.Uid == run.Metadata.Uid) != true)
            {
                return null;
            }

            gang.Add((index, pod));
        }

        foreach (var (_, pod) in gang)
        {
            counted.Add(Key(pod));
        }

        var preempted = run.Status?.LastPreemption?.Time is { } time ? Times.Utc(time) : (DateTimeOffset?)null;
        var submitted = Created(run.Metadata);
        return new Workload
        {
            Id = new WorkloadRef(WorkloadOrigin.TrainingRun, ObjectKey.From(run)).Id,
            Kind = WorkloadKind.Training,
            Owner = OwnerOf(run),
            Replicas = podCount,
            MinReplicas = run.Spec.Elastic?.MinReplicas,
            GpusPerReplica = run.Spec.GpusPerReplica,
            Constraints = PodConstraints.From(run.Spec.Template.Spec),
            SubmitTime = submitted,
            PendingSince = preempted > submitted ? preempted : null,
            StartTime = StartTime(gang.Select(g => g.Pod)),
            GracePeriod = TimeSpan.FromSeconds(run.Spec.Preemption?.GracePeriodSeconds ?? new PreemptionSpec().GracePeriodSeconds),
            Pods = [.. gang.Where(g => PodFacts.IsBound(g.Pod)).Select(g => new BoundPod(g.Index, g.Pod.Spec.NodeName, PodFacts.IsTerminating(g.Pod)))],
        };
    }

    private static IEnumerable<(Workload Workload, string Variant)> Translate(IdeaExperiment idea, Dictionary<string, V1Pod> pods, HashSet<string> counted)
    {
        if (idea.Metadata.DeletionTimestamp is not null
            || idea.Status?.Phase is IdeaPhase.Succeeded or IdeaPhase.Failed or IdeaPhase.TimedOut
            || IdeaExperimentValidator.Validate(idea).Count > 0)
        {
            yield break;
        }

        foreach (var variant in IdeaPods.VariantNames(idea.Spec))
        {
            if (!pods.TryGetValue($"{idea.Metadata.NamespaceProperty}/{IdeaPods.PodName(idea, variant)}", out var pod)
                || PodFacts.IsFinished(pod)
                || pod.Metadata.OwnerReferences?.Any(o => o.Uid == idea.Metadata.Uid) != true)
            {
                continue;
            }

            counted.Add(Key(pod));
            yield return (new Workload
            {
                Id = new WorkloadRef(WorkloadOrigin.IdeaExperiment, ObjectKey.From(idea), variant).Id,
                Kind = WorkloadKind.Idea,
                Owner = OwnerOf(idea),
                Replicas = 1,
                GpusPerReplica = idea.Spec.Gpus,
                Constraints = PodConstraints.From(idea.Spec.Template.Spec),
                SubmitTime = Created(idea.Metadata),
                StartTime = StartTime([pod]),
                GracePeriod = pod.Spec.TerminationGracePeriodSeconds is { } grace ? TimeSpan.FromSeconds(grace) : null,
                Pods = PodFacts.IsBound(pod) ? [new BoundPod(0, pod.Spec.NodeName, PodFacts.IsTerminating(pod))] : [],
            }, variant);
        }
    }

    /// <summary>When the current placement started: the earliest start among bound pods, for MinRuntime protection.</summary>
    private static DateTimeOffset? StartTime(IEnumerable<V1Pod> pods) =>
        pods.Where(PodFacts.IsBound)
            .Select(p => p.Status?.StartTime ?? p.Metadata.CreationTimestamp)
            .Where(t => t is not null)
            .Select(t => (DateTimeOffset?)Times.Utc(t!.Value))
            .Min();

    private static DateTimeOffset Created(V1ObjectMeta metadata) =>
        metadata.CreationTimestamp is { } created ? Times.Utc(created) : DateTimeOffset.UnixEpoch;

    private static string Key(V1Pod pod) => $"{pod.Metadata.NamespaceProperty}/{pod.Metadata.Name}";
}
