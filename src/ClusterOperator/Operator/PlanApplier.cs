using ClusterOperator.Api.Model;
using ClusterOperator.Controllers;
using ClusterOperator.Observability;
using ClusterOperator.Scheduler;
using ClusterOperator.Scheduling;
using Microsoft.Extensions.Logging;

namespace ClusterOperator.Operator;

/// <summary>Carries out a plan: evictions first, so their GPUs start draining, then binds.</summary>
internal sealed partial class PlanApplier(OperatorCaches caches, OperatorApi api, AssumedBinds assumed, EventRecorder events, OperatorMetrics metrics, TimeProvider time, ILogger<PlanApplier> logger)
{
    private const int BindConcurrency = 16;

    public async Task ApplyAsync(SchedulingPlan plan, BuiltSnapshot built, CancellationToken ct)
    {
        foreach (var eviction in plan.Evictions)
        {
            if (built.Workloads.TryGetValue(eviction.WorkloadId, out var workload))
            {
                await EvictAsync(eviction, workload.Ref, built, ct);
            }
        }

        // Every pod binds side by side: a round with many arrivals is not a queue of round trips.
        await Parallel.ForEachAsync(
            plan.Binds,
            new ParallelOptions { MaxDegreeOfParallelism = BindConcurrency, CancellationToken = ct },
            async (bind, c) =>
            {
                if (built.Pod(bind.WorkloadId, bind.PodIndex) is { } pod && !PodFacts.IsBound(pod))
                {
                    // Assumed before the write: the bind's watch event can overtake the reply, and must find it assumed.
                    assumed.Assume(pod, bind.Node);
                    try
                    {
                        await api.BindAsync(pod, bind.Node, c);
                    }
                    catch
                    {
                        assumed.Forget(pod);
                        throw;
                    }

                    if (pod.Metadata.CreationTimestamp is { } created)
                    {
                        metrics.Bound(time.GetUtcNow() - Times.Utc(created));
                    }
                }
            });

        foreach (var binds in plan.Binds.GroupBy(b => b.WorkloadId))
        {
            if (built.Workloads.TryGetValue(binds.Key, out var workload) && Subject(workload.Ref) is { } subject)
            {
                var nodes = string.Join(", ", binds.Select(b => b.Node).Distinct().Order(StringComparer.Ordinal));
                events.Record(subject, "Scheduled", $"Bound {binds.Count()} pods of {workload.Ref.Id} to {nodes}.");
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
        var gpusPerPod = built.Workloads.TryGetValue(eviction.WorkloadId, out var evicted) ? evicted.Workload.GpusPerReplica : 0;
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
            events.Record(victim, "Preempted", $"{eviction.Message} Beneficiary: {eviction.BeneficiaryOwner}/{Beneficiary(eviction.BeneficiaryId, built)}.", warning: true);
        }

        if (built.Workloads.TryGetValue(eviction.BeneficiaryId, out var beneficiary) && Subject(beneficiary.Ref) is { } reclaimer)
        {
            events.Record(reclaimer, "Reclaiming", $"Reclaiming {eviction.PodIndices.Count} pods of {workload.Key} (grace {eviction.GracePeriod.TotalSeconds:0}s): {eviction.Message}");
        }

        foreach (var index in eviction.PodIndices)
        {
            if (built.Pod(eviction.WorkloadId, index) is { } pod && !PodFacts.IsTerminating(pod))
            {
                await api.DeletePodAsync(pod, (long)eviction.GracePeriod.TotalSeconds, ct);
            }
        }
    }

    private k8s.IKubernetesObject<k8s.Models.V1ObjectMeta>? Subject(WorkloadRef workload) =>
        workload.Origin == WorkloadOrigin.TrainingRun ? caches.Runs.Cache.Get(workload.Key) : caches.Ideas.Cache.Get(workload.Key);

    private static string ReasonName(ReclaimReason reason) => reason == ReclaimReason.Starvation ? "StarvationReclaim" : "FairShareReclaim";

    private static string Beneficiary(string id, BuiltSnapshot built) =>
        built.Workloads.TryGetValue(id, out var beneficiary) ? beneficiary.Ref.Key.ToString() : id;

    [LoggerMessage(Level = LogLevel.Information, Message = "Evicting {Pods} pods of {Workload} for {Beneficiary} ({Reason})")]
    private static partial void LogEvicting(ILogger logger, string workload, int pods, string beneficiary, ReclaimReason reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Left out of planning: {Subject}: {Message}")]
    private static partial void LogSnapshotError(ILogger logger, string subject, string message);
}
