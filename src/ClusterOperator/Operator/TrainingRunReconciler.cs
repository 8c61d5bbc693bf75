using System.Text.Json;
using ClusterOperator.Api.Model;
using ClusterOperator.Api.Validation;
using ClusterOperator.Controllers;
using ClusterOperator.Controllers.TrainingRuns;
using ClusterOperator.Observability;
using ClusterOperator.Runtime;
using ClusterOperator.Runtime.Controllers;
using ClusterOperator.Scheduler;
using ClusterOperator.Workloads;
using k8s;
using Microsoft.Extensions.Logging;

namespace ClusterOperator.Operator;

/// <summary>Keeps a TrainingRun's pods, Service and status in line with its spec and its pods' state.</summary>
internal sealed partial class TrainingRunReconciler(
    OperatorCaches caches,
    OperatorApi api,
    SchedulingViews views,
    OperatorOptions options,
    OperatorMetrics metrics,
    TimeProvider time,
    ILogger<TrainingRunReconciler> logger) : IReconciler
{
    public async Task<ReconcileResult> ReconcileAsync(ObjectKey key, CancellationToken cancellationToken)
    {
        var run = caches.Runs.Cache.Get(key);
        if (run is null || run.Metadata.DeletionTimestamp is not null)
        {
            return ReconcileResult.Done;
        }

        using var scope = logger.BeginScope(new Dictionary<string, object> { ["run"] = key.ToString(), ["owner"] = SnapshotBuilder.OwnerOf(run) });
        var now = time.GetUtcNow();
        var errors = TrainingRunValidator.Validate(run);
        if (errors.Count > 0)
        {
            LogInvalid(logger, key, errors.Count);
            await api.UpdateStatusAsync(run, TrainingRun.Plural, r => InvalidSpec.Apply(r, errors, now), cancellationToken);
            return ReconcileResult.Done;
        }

        var view = views.Run(key) ?? new SchedulingView(SnapshotBuilder.OwnerOf(run), run.Status?.OwnerFairShareGpus ?? 0, run.Status?.WaitingReason ?? "Waiting for the scheduler's first round.");
        var decision = GangLifecycle.Decide(run, caches.PodsOf(run), view, caches.NodeIsLost(options.NodeLostAfter, now), now);

        // Status first: a restart counted or a finish recorded must survive a crash before the pods change.
        await api.UpdateStatusAsync(run, TrainingRun.Plural, r => ApplyStatus(r, decision.Status), cancellationToken);
        if (run.Status?.StartTime is null && decision.Status.StartTime is { } started && run.Metadata.CreationTimestamp is { } created)
        {
            metrics.Waited("training", Times.Utc(started) - Times.Utc(created));
        }
        if (decision.DeleteRun)
        {
            await api.DeleteRunAsync(key, cancellationToken);
            return ReconcileResult.Done;
        }

        foreach (var pod in decision.DeletePods)
        {
            await api.DeletePodAsync(pod, null, cancellationToken);
        }

        if (decision.Status.Phase is not (TrainingRunPhase.Succeeded or TrainingRunPhase.Failed))
        {
            if (caches.Services.Cache.Get(key) is null)
            {
                await api.CreateServiceAsync(GangPods.BuildService(run), cancellationToken);
            }

            var withStatus = KubernetesObjects.Clone(run);
            withStatus.Status = decision.Status;
            foreach (var index in decision.CreatePods)
            {
                await api.CreatePodAsync(GangPods.Build(withStatus, index), cancellationToken);
            }
        }

        return decision.RequeueAfter is { } after ? ReconcileResult.After(after > TimeSpan.Zero ? after : TimeSpan.FromSeconds(1)) : ReconcileResult.Done;
    }

    /// <summary>Copies the operator's fields; the scheduler's preemption record is kept as the server has it.</summary>
    private static bool ApplyStatus(TrainingRun run, TrainingRunStatus desired)
    {
        var current = run.Status ?? new TrainingRunStatus();
        var next = KubernetesObjects.Clone(new TrainingRun { Status = desired }).Status!;
        next.Preemptions = current.Preemptions;
        next.LastPreemption = current.LastPreemption;
        if (JsonSerializer.Serialize(next, KubernetesJsonOptions.Value) == JsonSerializer.Serialize(current, KubernetesJsonOptions.Value))
        {
            return false;
        }

        run.Status = next;
        return true;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "TrainingRun {Key} has {Count} spec errors; marked InvalidSpec")]
    private static partial void LogInvalid(ILogger logger, ObjectKey key, int count);
}
