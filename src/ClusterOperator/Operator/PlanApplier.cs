using ClusterOperator.Api.Model;
using ClusterOperator.Controllers;
using ClusterOperator.Observability;
using ClusterOperator.Scheduler;
using ClusterOperator.Scheduling;
using Microsoft.Extensions.Logging;

namespace ClusterOperator.Operator;

/// <summary>Carries out a plan: evictions first, so their GPUs start draining, then binds.</summary>
internal sealed partial class PlanApplier(OperatorCaches caches, OperatorApi api, EventRecorder events, OperatorMetrics metrics, TimeProvider time, ILogger<PlanApplier> logger)
{
    private const int BindConcurrency = 16;

    public async Task ApplyAsync(SchedulingPlan plan, BuiltSnapshot built, CancellationToken ct)
    {
        foreach (var eviction in plan.Evictions)
        {
            if (built.Workloads.TryGetValue(eviction.WorkloadId, out var workload))
            {
                await EvictAsync(eviction, workload, built, ct);
            }
        }

        // Workloads bind side by side, their pods one by one: a round with many arrivals is not a queue of round trips.
        await Parallel.ForEachAsync(
            plan.Binds.GroupBy(b => b.WorkloadId),
            new ParallelOptions { MaxDegreeOfParallelism = BindConcurrency, CancellationToken = ct },
            async (binds, c) =>
            {
                if (built.Workloads.TryGetValue(binds.Key, out var workload))
                {
                    await BindAsync(workload, [.. binds], built, c);
                }
            });

        foreach (var error in plan.Errors)
        {
            LogSnapshotError(logger, error.Subject, error.Message);
        }
    }

    private async Task BindAsync(WorkloadRef workload, IReadOnlyList<Bind> binds, BuiltSnapshot built, CancellationToken ct)
    {
        foreach (var bind in binds)
        {
            if (built.PodsByName.TryGetValue($"{workload.Key.Namespace}/{workload.PodName(bind.PodIndex)}", out var pod) && !PodFacts.IsBound(pod))
            {
                await api.BindAsync(pod, bind.Node, ct);
                if (pod.Metadata.CreationTimestamp is { } created)
                {
                    metrics.Bound(time.GetUtcNow() - Times.Utc(created));
                }
            }
        }

        if (Subject(workload) is { } subject)
        {
            var nodes = string.Join(", ", binds.Select(b => b.Node).Distinct().Order(StringComparer.Ordinal));
            await events.RecordAsync(subject, "Scheduled", $"Bound {binds.Count} pods of {workload.Id} to {nodes}.", ct);
        }
    }

    private async Task EvictAsync(Eviction eviction, WorkloadRef workload, BuiltSnapshot built, CancellationToken ct)
    {
        LogEvicting(logger, eviction.WorkloadId, eviction.PodIndices.Count, eviction.BeneficiaryId, eviction.Reason);
        var gpusPerPod = built.Snapshot.Workloads.FirstOrDefault(w => w.Id == eviction.WorkloadId)?.GpusPerReplica ?? 0;
        metrics.Preempted(ReasonName(eviction.Reason), eviction.PodIndices.Count * gpusPerPod);
        if (workload.Origin == WorkloadOrigin.TrainingRun && caches.Runs.Cache.Get(workload.Key) is { } run)
        {
            // Recorded before the pods go, so the run's Preempted condition names who benefited even after a crash.
            var now = time.GetUtcNow().UtcDateTime;
            await api.UpdateStatusAsync(run, TrainingRun.Plural, r =>
            {
                var status = r.Status ??= new TrainingRunStatus();
                status.Preemptions += 1;
                status.LastPreemption = new PreemptionRecord
                {
                    Time = now,
                    Reason = ReasonName(eviction.Reason),
                    Beneficiary = $"{eviction.BeneficiaryOwner}/{Beneficiary(eviction.BeneficiaryId, built)}",
                    Message = eviction.Message,
                };
                return true;
            }, ct);
        }

        if (Subject(workload) is { } victim)
        {
            await events.RecordAsync(victim, "Preempted", $"{eviction.Message} Beneficiary: {eviction.BeneficiaryOwner}/{Beneficiary(eviction.BeneficiaryId, built)}.", ct, warning: true);
        }

        if (built.Workloads.TryGetValue(eviction.BeneficiaryId, out var beneficiary) && Subject(beneficiary) is { } reclaimer)
        {
            await events.RecordAsync(reclaimer, "Reclaiming", $"Reclaiming {eviction.PodIndices.Count} pods of {workload.Key} (grace {eviction.GracePeriod.TotalSeconds:0}s): {eviction.Message}", ct);
        }

        foreach (var index in eviction.PodIndices)
        {
            if (built.PodsByName.TryGetValue($"{workload.Key.Namespace}/{workload.PodName(index)}", out var pod) && !PodFacts.IsTerminating(pod))
            {
                await api.DeletePodAsync(pod, (long)eviction.GracePeriod.TotalSeconds, ct);
            }
        }
    }

    private k8s.IKubernetesObject<k8s.Models.V1ObjectMeta>? Subject(WorkloadRef workload) =>
        workload.Origin == WorkloadOrigin.TrainingRun ? caches.Runs.Cache.Get(workload.Key) : caches.Ideas.Cache.Get(workload.Key);

    private static string ReasonName(ReclaimReason reason) => reason == ReclaimReason.Starvation ? "StarvationReclaim" : "FairShareReclaim";

    private static string Beneficiary(string id, BuiltSnapshot built) =>
        built.Workloads.TryGetValue(id, out var beneficiary) ? beneficiary.Key.ToString() : id;

    [LoggerMessage(Level = LogLevel.Information, Message = "Evicting {Pods} pods of {Workload} for {Beneficiary} ({Reason})")]
    private static partial void LogEvicting(ILogger logger, string workload, int pods, string beneficiary, ReclaimReason reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Left out of planning: {Subject}: {Message}")]
    private static partial void LogSnapshotError(ILogger logger, string subject, string message);
}
