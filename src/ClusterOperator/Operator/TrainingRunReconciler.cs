using ClusterOperator.Api.Model;
using ClusterOperator.Controllers;
using ClusterOperator.Controllers.TrainingRuns;
using ClusterOperator.Observability;
using ClusterOperator.Runtime;
using ClusterOperator.Scheduler;
using ClusterOperator.Workloads;
using Microsoft.Extensions.Logging;

namespace ClusterOperator.Operator;

/// <summary>Keeps a TrainingRun's pods, Service and status in line with its spec and its pods' state.</summary>
internal sealed class TrainingRunReconciler(
    OperatorCaches caches,
    OperatorApi api,
    SpecChecks checks,
    SchedulingViews views,
    OperatorOptions options,
    OperatorMetrics metrics,
    TimeProvider time,
    ILogger<TrainingRunReconciler> logger) : SpecReconciler<TrainingRun>(caches.Runs.Cache, api, TrainingRun.Plural, SnapshotBuilder.OwnerOf, checks.Errors, time, logger)
{
    protected override bool MarkInvalid(TrainingRun run, string message, DateTimeOffset now)
    {
        var status = run.Status ??= new TrainingRunStatus();
        if (!InvalidSpec.Mark(status, run.Metadata.Generation, message, now))
        {
            return false;
        }

        status.Phase ??= TrainingRunPhase.Pending;
        return true;
    }

    protected override async Task<TimeSpan?> ReconcileValidAsync(TrainingRun run, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var key = ObjectKey.From(run);
        var view = views.Run(key) ?? new SchedulingView(SnapshotBuilder.OwnerOf(run), run.Status?.OwnerFairShareGpus ?? 0, run.Status?.WaitingReason ?? "Waiting for the scheduler's first round.");
        var pods = caches.PodsOf(run);
        var nodeIsLost = caches.NodeIsLost(options.NodeLostAfter, now);
        var decision = GangLifecycle.Decide(run, pods, view, nodeIsLost, now);

        // A restart counted or a finish recorded must survive a crash before the pods change. A run that only gains
        // pods of its current attempt writes its status beside them: the pods' creation is what the scheduler waits for.
        var statusWrite = Api.UpdateStatusAsync(run, TrainingRun.Plural, r => ApplyStatus(r, decision.Status), cancellationToken);
        var ordered = decision.DeleteRun || decision.DeletePods.Count > 0
            || decision.Status.Phase is TrainingRunPhase.Succeeded or TrainingRunPhase.Failed
            || decision.Status.Restarts != (run.Status?.Restarts ?? 0);
        if (ordered)
        {
            await statusWrite;
        }

        if (decision.DeleteRun)
        {
            await Api.DeleteRunAsync(key, cancellationToken);
            return null;
        }

        var writes = new List<Task> { statusWrite };
        writes.AddRange(DeletePods(decision.DeletePods, pods, nodeIsLost, cancellationToken));
        if (decision.Status.Phase is not (TrainingRunPhase.Succeeded or TrainingRunPhase.Failed))
        {
            if (caches.Services.Cache.Get(key) is null)
            {
                writes.Add(Api.CreateServiceAsync(GangPods.BuildService(run), cancellationToken));
            }

            var withStatus = KubernetesObjects.Clone(run);
            withStatus.Status = decision.Status;
            writes.AddRange(decision.CreatePods.Select(index => Api.CreatePodAsync(GangPods.Build(withStatus, index), cancellationToken)));
        }

        await Task.WhenAll(writes);
        if (run.Status?.StartTime is null && decision.Status.StartTime is { } started && run.Metadata.CreationTimestamp is { } created)
        {
            metrics.Waited("training", Times.Utc(started) - Times.Utc(created));
        }

        return decision.RequeueAfter;
    }

    /// <summary>Copies the operator's fields; the scheduler's preemption record is kept as the server has it.</summary>
    private static bool ApplyStatus(TrainingRun run, TrainingRunStatus desired)
    {
        var current = run.Status ?? new TrainingRunStatus();
        var next = KubernetesObjects.Clone(new TrainingRun { Status = desired }).Status!;
        next.Preemptions = current.Preemptions;
        next.LastPreemption = current.LastPreemption;
        if (!Differs(current, next))
        {
            return false;
        }

        run.Status = next;
        return true;
    }
}
