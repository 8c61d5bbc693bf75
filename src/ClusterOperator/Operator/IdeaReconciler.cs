using System.Text.Json;
using ClusterOperator.Api.Model;
using ClusterOperator.Api.Validation;
using ClusterOperator.Controllers;
using ClusterOperator.Controllers.Ideas;
using ClusterOperator.Observability;
using ClusterOperator.Runtime;
using ClusterOperator.Runtime.Controllers;
using ClusterOperator.Scheduler;
using ClusterOperator.Scheduling;
using ClusterOperator.Workloads;
using Microsoft.Extensions.Logging;

namespace ClusterOperator.Operator;

/// <summary>Keeps an IdeaExperiment's variant pods and status in line, enforces deadlines and promotes winners.</summary>
internal sealed partial class IdeaReconciler(
    OperatorCaches caches,
    OperatorApi api,
    SchedulingViews views,
    OperatorOptions options,
    FairShareOptions fairShare,
    OperatorMetrics metrics,
    TimeProvider time,
    ILogger<IdeaReconciler> logger) : IReconciler
{
    public async Task<ReconcileResult> ReconcileAsync(ObjectKey key, CancellationToken cancellationToken)
    {
        var idea = caches.Ideas.Cache.Get(key);
        if (idea is null || idea.Metadata.DeletionTimestamp is not null)
        {
            return ReconcileResult.Done;
        }

        using var scope = logger.BeginScope(new Dictionary<string, object> { ["idea"] = key.ToString(), ["owner"] = SnapshotBuilder.OwnerOf(idea) });
        var now = time.GetUtcNow();
        var errors = IdeaExperimentValidator.Validate(idea);
        if (errors.Count > 0)
        {
            LogInvalid(logger, key, errors.Count);
            await api.UpdateStatusAsync(idea, IdeaExperiment.Plural, i => InvalidSpec.Apply(i, errors, now), cancellationToken);
            return ReconcileResult.Done;
        }

        var view = views.Idea(key) ?? new SchedulingView(SnapshotBuilder.OwnerOf(idea), 0, idea.Status?.WaitingReason ?? "Waiting for the scheduler's first round.");
        var maxDuration = IdeaLifecycle.MaxDuration(idea.Spec, fairShare.IdeaDefaultDuration, fairShare.IdeaMaxDuration);
        var decision = IdeaLifecycle.Decide(idea, caches.PodsOf(idea), view, maxDuration, caches.NodeIsLost(options.NodeLostAfter, now), now);

        var status = decision.Status;
        if (decision.Promotion is { } run)
        {
            await api.CreateRunAsync(run, cancellationToken);
            status.PromotedTo = run.Metadata.Name;
            LogPromoted(logger, key, run.Metadata.Name);
        }

        // Status first: a variant that timed out is recorded before its pod goes, so it is never run again.
        await api.UpdateStatusAsync(idea, IdeaExperiment.Plural, i => ApplyStatus(i, status), cancellationToken);
        if (idea.Status?.StartTime is null && status.StartTime is { } started && idea.Metadata.CreationTimestamp is { } created)
        {
            metrics.Waited("idea", Times.Utc(started) - Times.Utc(created));
        }
        foreach (var pod in decision.DeletePods)
        {
            await api.DeletePodAsync(pod, null, cancellationToken);
        }

        foreach (var variant in decision.CreatePods)
        {
            await api.CreatePodAsync(IdeaPods.Build(idea, variant, maxDuration), cancellationToken);
        }

        return decision.RequeueAfter is { } after ? ReconcileResult.After(after > TimeSpan.Zero ? after : TimeSpan.FromSeconds(1)) : ReconcileResult.Done;
    }

    private static bool ApplyStatus(IdeaExperiment idea, IdeaExperimentStatus desired)
    {
        var current = idea.Status ?? new IdeaExperimentStatus();
        desired.PromotedTo ??= current.PromotedTo;
        if (JsonSerializer.Serialize(desired, KubernetesJsonOptions.Value) == JsonSerializer.Serialize(current, KubernetesJsonOptions.Value))
        {
            return false;
        }

        idea.Status = desired;
        return true;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "IdeaExperiment {Key} has {Count} spec errors; marked InvalidSpec")]
    private static partial void LogInvalid(ILogger logger, ObjectKey key, int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "IdeaExperiment {Key} promoted to TrainingRun {Run}")]
    private static partial void LogPromoted(ILogger logger, ObjectKey key, string run);
}
