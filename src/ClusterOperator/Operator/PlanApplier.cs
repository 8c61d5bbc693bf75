using ClusterOperator.Api.Model;
using ClusterOperator.Controllers;
using ClusterOperator.Observability;
using ClusterOperator.Scheduler;
using ClusterOperator.Scheduling;
using Microsoft.Extensions.Logging;

namespace ClusterOperator.Operator;

/// <summary>Carries out a plan: evictions first, so their GPUs start draining, then binds.</summary>
internal sealed partial class PlanApplier(OperatorCaches caches, OperatorApi api, OperatorMetrics metrics, TimeProvider time, ILogger<PlanApplier> logger)
{
    public async Task ApplyAsync(SchedulingPlan plan, BuiltSnapshot built, CancellationToken ct)
    {
        foreach (var eviction in plan.Evictions)
        {
            if (built.Workloads.TryGetValue(eviction.WorkloadId, out var workload))
            {
                await EvictAsync(eviction, workload, built, ct);
            }
        }

        foreach (var bind in plan.Binds)
        {
            if (built.Workloads.TryGetValue(bind.WorkloadId, out var workload)
                && built.PodsByName.TryGetValue($"{workload.Key.Namespace}/{workload.PodName(bind.PodIndex)}", out var pod)
                && !PodFacts.IsBound(pod))
            {
                await api.BindAsync(pod, bind.Node, ct);
                if (pod.Metadata.CreationTimestamp is { } created)
                {
                    metrics.Bound(time.GetUtcNow() - Times.Utc(created));
                }
            }
        }

        foreach (var error in plan.Errors)
        {
            LogSnapshotError(logger, error.Subject, error.Message);
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

        foreach (var index in eviction.PodIndices)
        {
            if (built.PodsByName.TryGetValue($"{workload.Key.Namespace}/{workload.PodName(index)}", out var pod) && !PodFacts.IsTerminating(pod))
            {
                await api.DeletePodAsync(pod, (long)eviction.GracePeriod.TotalSeconds, ct);
            }
        }
    }

    private static string ReasonName(ReclaimReason reason) => reason == ReclaimReason.Starvation ? "StarvationReclaim" : "FairShareReclaim";

    private static string Beneficiary(string id, BuiltSnapshot built) =>
        built.Workloads.TryGetValue(id, out var beneficiary) ? beneficiary.Key.ToString() : id;

    [LoggerMessage(Level = LogLevel.Information, Message = "Evicting {Pods} pods of {Workload} for {Beneficiary} ({Reason})")]
    private static partial void LogEvicting(ILogger logger, string workload, int pods, string beneficiary, ReclaimReason reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Left out of planning: {Subject}: {Message}")]
    private static partial void LogSnapshotError(ILogger logger, string subject, string message);
}
