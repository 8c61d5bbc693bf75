using System.Globalization;
using ClusterOperator.Api;
using ClusterOperator.Api.Model;
using ClusterOperator.Workloads;
using k8s.Models;

namespace ClusterOperator.Controllers.TrainingRuns;

/// <summary>
/// The level-based life cycle of a <see cref="TrainingRun"/>: from the run and the pods that exist now, decide the
/// status and the pod changes. Pure, so every rule is unit-tested without a cluster.
/// </summary>
/// <remarks>
/// Pods carry the gang attempt they were created for (<see cref="GangPods.AttemptLabel"/>), which equals
/// <c>status.restarts</c> at creation. A failure of attempt N sets restarts to N + 1 — an absolute value, so a
/// reconcile repeated after a crash never counts one failure twice — and makes every pod of attempt N stale.
/// </remarks>
internal static class GangLifecycle
{
    public static GangDecision Decide(TrainingRun run, IReadOnlyList<V1Pod> pods, SchedulingView scheduling, Func<string, bool> nodeIsLost, DateTimeOffset now)
    {
        var spec = run.Spec;
        var status = CopyStatus(run, scheduling);
        if (status.Phase is TrainingRunPhase.Succeeded or TrainingRunPhase.Failed)
        {
            return Finished(run, status, pods, now);
        }

        var attempt = status.Restarts;
        var podCount = GangPods.PodCount(spec);
        var stale = pods.Where(p => Attempt(p) != attempt || !(PodFacts.ReplicaIndex(p) < podCount)).ToList();
        var current = pods.Except(stale).ToList();
        var delete = new List<V1Pod>(stale);

        var lost = current.Where(p => PodFacts.IsLost(p, nodeIsLost)).ToList();
        var failed = current.Where(p => PodFacts.FailedOnItsOwn(p) && !lost.Contains(p)).ToList();
        if (failed.Count > 0)
        {
            return Failure(run, status, current, delete, failed[0], now);
        }

        if (spec.MaxRuntime is { } maxRuntimeText && status.StartTime is { } started
            && Duration.TryParse(maxRuntimeText, out var maxRuntime))
        {
            var deadline = Times.Utc(started) + maxRuntime;
            if (now >= deadline)
            {
                return Finish(run, status, current.Concat(delete), TrainingRunPhase.Failed, "MaxRuntimeExceeded",
                    $"The run ran longer than its maxRuntime of {maxRuntimeText}.", now);
            }
        }

        if (IsSucceeded(spec, current))
        {
            return Finish(run, status, current.Concat(delete), TrainingRunPhase.Succeeded,
                "Succeeded", "Every pod exited 0.", now);
        }

        // A pod lost with its node is replaced; a rigid gang cannot run short, so the rest of it is re-placed too.
        // That includes members that already exited 0: their work means nothing without the others', the scheduler
        // places a rigid gang only whole, and the new placement needs their names.
        delete.AddRange(lost);
        var active = current.Where(p => PodFacts.IsActive(p) && !lost.Contains(p)).ToList();
        var done = current.Where(PodFacts.HasSucceeded).ToList();
        if (spec.Elastic is null && (active.Count > 0 || done.Count > 0) && IsBroken(current, lost, done.Count > 0, podCount))
        {
            delete.AddRange(active);
            delete.AddRange(done);
            active.Clear();
            done.Clear();
        }

        // A name still taken, even by a pod on its way out, is created again only once that pod is gone.
        var taken = pods.Select(p => p.Metadata.Name).ToHashSet(StringComparer.Ordinal);
        var create = Enumerable.Range(0, podCount).Where(i => !taken.Contains(GangPods.PodName(run, i))).ToList();

        // Members of a whole gang finish one by one; the gang runs until the last one exits.
        var running = spec.Elastic is { } elastic ? active.Count >= elastic.MinReplicas : active.Count > 0 && active.Count + done.Count == podCount;
        status.Phase = running ? TrainingRunPhase.Running : TrainingRunPhase.Pending;
        status.StartTime ??= running ? now.UtcDateTime : null;
        status.Replicas = active.Count;
        status.AllocatedGpus = current.Count(PodFacts.HoldsGpus) * spec.GpusPerReplica;
        status.WaitingReason = running ? null : scheduling.WaitingReason;
        status.Conditions = RunningConditions(run, status, active, podCount, now);

        return new GangDecision
        {
            Status = status,
            CreatePods = create,
            DeletePods = Distinct(delete),
            RequeueAfter = MaxRuntimeLeft(spec, status, now),
        };
    }

    private static GangDecision Failure(TrainingRun run, TrainingRunStatus status, List<V1Pod> current, List<V1Pod> delete, V1Pod failedPod, DateTimeOffset now)
    {
        var exitCode = PodFacts.ExitCode(failedPod);
        var what = string.Create(CultureInfo.InvariantCulture, $"Pod {failedPod.Metadata.Name} failed{(exitCode is { } code ? $" with exit code {code}" : "")}");
        if (status.Restarts >= run.Spec.BackoffLimit)
        {
            return Finish(run, status, current.Concat(delete), TrainingRunPhase.Failed, "BackoffLimitExceeded",
                string.Create(CultureInfo.InvariantCulture, $"{what}; the gang already restarted {status.Restarts} times, its backoffLimit."), now);
        }

        status.Restarts += 1;
        status.Phase = TrainingRunPhase.Pending;
        status.Replicas = 0;
        status.Conditions = ConditionList.Set(status.Conditions, ConditionTypes.Running, false, "GangRestarting",
            string.Create(CultureInfo.InvariantCulture, $"{what}; restarting the whole gang (restart {status.Restarts} of {run.Spec.BackoffLimit})."),
            run.Metadata.Generation, now);
        return new GangDecision { Status = status, DeletePods = Distinct(current.Concat(delete)) };
    }

    private static GangDecision Finished(TrainingRun run, TrainingRunStatus status, IReadOnlyList<V1Pod> pods, DateTimeOffset now)
    {
        var leftovers = pods.Where(p => !PodFacts.IsFinished(p) && !PodFacts.IsTerminating(p)).ToList();
        status.Replicas = 0;
        status.AllocatedGpus = pods.Count(PodFacts.HoldsGpus) * run.Spec.GpusPerReplica;
        status.WaitingReason = null;
        if (run.Spec.TtlSecondsAfterFinished is not { } ttl || status.CompletionTime is not { } completed)
        {
            return new GangDecision { Status = status, DeletePods = leftovers };
        }

        var due = Times.Utc(completed).AddSeconds(ttl);
        return due <= now
            ? new GangDecision { Status = status, DeleteRun = true }
            : new GangDecision { Status = status, DeletePods = leftovers, RequeueAfter = due - now };
    }

    private static GangDecision Finish(TrainingRun run, TrainingRunStatus status, IEnumerable<V1Pod> pods, TrainingRunPhase phase, string reason, string message, DateTimeOffset now)
    {
        var delete = pods.ToList();
        status.Phase = phase;
        status.AllocatedGpus = delete.Count(PodFacts.HoldsGpus) * run.Spec.GpusPerReplica;
        status.CompletionTime = now.UtcDateTime;
        status.Replicas = 0;
        status.WaitingReason = null;
        status.Conditions = ConditionList.Set(status.Conditions, ConditionTypes.Finished, true, reason, message, run.Metadata.Generation, now);
        status.Conditions = ConditionList.Set(status.Conditions, ConditionTypes.Running, false, reason, message, run.Metadata.Generation, now);
        // Finished pods stay, like a Job's, so their logs can be read; the rest stop now.
        var ttl = run.Spec.TtlSecondsAfterFinished is { } seconds ? TimeSpan.FromSeconds(seconds) : (TimeSpan?)null;
        return new GangDecision { Status = status, DeletePods = Distinct(delete.Where(p => !PodFacts.IsFinished(p))), RequeueAfter = ttl };
    }

    /// <summary>
    /// A rigid gang is broken when part of it runs or ran while another part is gone, going, or lost, or when a part
    /// already finished while another waits unbound: the whole gang was bound at once, so that part was replaced.
    /// </summary>
    private static bool IsBroken(List<V1Pod> current, List<V1Pod> lost, bool someDone, int podCount)
    {
        var healthy = current.Where(p => !lost.Contains(p) && !PodFacts.IsTerminating(p)).ToList();
        return lost.Count > 0 || healthy.Count < podCount || (someDone && healthy.Any(p => !PodFacts.IsBound(p)));
    }

    private static bool IsSucceeded(TrainingRunSpec spec, List<V1Pod> current)
    {
        if (spec.Elastic is not null)
        {
            // Replicas that never got GPUs do not hold an elastic run back once the ones that ran are done.
            var bound = current.Where(PodFacts.IsBound).ToList();
            return bound.Count > 0 && bound.All(PodFacts.HasSucceeded);
        }

        return current.Count(PodFacts.HasSucceeded) == GangPods.PodCount(spec);
    }

    private static IList<V1Condition> RunningConditions(TrainingRun run, TrainingRunStatus status, List<V1Pod> active, int podCount, DateTimeOffset now)
    {
        var generation = run.Metadata.Generation;
        var conditions = ConditionList.Remove(status.Conditions, ConditionTypes.InvalidSpec);
        var running = status.Phase == TrainingRunPhase.Running;
        var nodes = string.Join(", ", active.Select(p => p.Spec.NodeName).Distinct().Order(StringComparer.Ordinal));
        conditions = running
            ? ConditionList.Set(conditions, ConditionTypes.Scheduled, true, "Bound",
                string.Create(CultureInfo.InvariantCulture, $"{active.Count} pods bound to {nodes}."), generation, now)
            : ConditionList.Set(conditions, ConditionTypes.Scheduled, false, "Waiting",
                status.WaitingReason ?? "Waiting for the scheduler.", generation, now);
        var allStarted = running && active.All(p => p.Status?.Phase == "Running");
        conditions = ConditionList.Set(conditions, ConditionTypes.Running, allStarted,
            allStarted ? "PodsRunning" : "PodsNotRunning",
            allStarted
                ? string.Create(CultureInfo.InvariantCulture, $"All {active.Count} pods are running.")
                : string.Create(CultureInfo.InvariantCulture, $"{active.Count(p => p.Status?.Phase == "Running")} of {podCount} pods are running."),
            generation, now);
        if (status.LastPreemption is { } last)
        {
            var whole = active.Count == podCount;
            conditions = ConditionList.Set(conditions, ConditionTypes.Preempted, !whole,
                whole ? "Restored" : last.Reason ?? "Preempted",
                whole ? "The run has all its replicas again." : last.Message ?? $"GPUs reclaimed for {last.Beneficiary}.",
                generation, now);
        }

        return conditions;
    }

    private static TrainingRunStatus CopyStatus(TrainingRun run, SchedulingView scheduling)
    {
        var old = run.Status ?? new TrainingRunStatus();
        return new TrainingRunStatus
        {
            Phase = old.Phase ?? TrainingRunPhase.Pending,
            Owner = scheduling.Owner,
            Conditions = old.Conditions?.ToList(),
            Replicas = old.Replicas,
            AllocatedGpus = old.AllocatedGpus,
            OwnerFairShareGpus = scheduling.OwnerFairShareGpus,
            WaitingReason = old.WaitingReason,
            Preemptions = old.Preemptions,
            LastPreemption = old.LastPreemption,
            Restarts = old.Restarts,
            StartTime = old.StartTime,
            CompletionTime = old.CompletionTime,
            ObservedGeneration = run.Metadata.Generation,
        };
    }

    private static TimeSpan? MaxRuntimeLeft(TrainingRunSpec spec, TrainingRunStatus status, DateTimeOffset now) =>
        spec.MaxRuntime is { } text && status.StartTime is { } started && Duration.TryParse(text, out var limit)
            ? Times.Utc(started) + limit - now
            : null;

    private static int Attempt(V1Pod pod) =>
        pod.Metadata?.Labels?.TryGetValue(GangPods.AttemptLabel, out var text) == true
        && int.TryParse(text, CultureInfo.InvariantCulture, out var attempt)
            ? attempt
            : -1;

    private static List<V1Pod> Distinct(IEnumerable<V1Pod> pods) =>
        pods.Where(p => !PodFacts.IsTerminating(p)).DistinctBy(p => p.Metadata.Name).ToList();
}
