using ClusterOperator.Api.Model;
using ClusterOperator.Controllers;
using ClusterOperator.Controllers.Ideas;
using ClusterOperator.Observability;
using ClusterOperator.Runtime;
using ClusterOperator.Scheduler;
using ClusterOperator.Scheduling;
using ClusterOperator.Workloads;
using Microsoft.Extensions.Logging;

namespace ClusterOperator.Operator;

/// <summary>Keeps an IdeaExperiment's variant pods and status in line, enforces deadlines and promotes winners.</summary>
internal sealed partial class IdeaReconciler(
    OperatorCaches caches,
    OperatorApi api,
    SpecChecks checks,
    SchedulingViews views,
    OperatorOptions options,
    FairShareOptions fairShare,
    OperatorMetrics metrics,
    TimeProvider time,
    ILogger<IdeaReconciler> logger) : SpecReconciler<IdeaExperiment>(caches.Ideas.Cache, api, IdeaExperiment.Plural, SnapshotBuilder.OwnerOf, checks.Errors, time, logger)
{
    protected override bool MarkInvalid(IdeaExperiment idea, string message, DateTimeOffset now)
    {
        var status = idea.Status ??= new IdeaExperimentStatus();
        if (!InvalidSpec.Mark(status, idea.Metadata.Generation, message, now))
        {
            return false;
        }

        status.Phase ??= IdeaPhase.Pending;
        return true;
    }

    protected override async Task<TimeSpan?> ReconcileValidAsync(IdeaExperiment idea, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var key = ObjectKey.From(idea);
        var view = views.Idea(key) ?? new SchedulingView(SnapshotBuilder.OwnerOf(idea), 0, idea.Status?.WaitingReason ?? "Waiting for the scheduler's first round.");
        var maxDuration = IdeaLifecycle.MaxDuration(idea.Spec, fairShare.IdeaDefaultDuration, fairShare.IdeaMaxDuration);
        var pods = caches.PodsOf(idea);
        var nodeIsLost = caches.NodeIsLost(options.NodeLostAfter, now);
        var decision = IdeaLifecycle.Decide(idea, pods, view, maxDuration, nodeIsLost, now);

        var status = decision.Status;
        if (decision.Promotion is { } run)
        {
            await Api.CreateRunAsync(run, cancellationToken);
            status.PromotedTo = run.Metadata.Name;
            LogPromoted(logger, key, run.Metadata.Name);
        }

        // Status first: a variant that timed out is recorded before its pod goes, so it is never run again.
        await Api.UpdateStatusAsync(idea, IdeaExperiment.Plural, i => ApplyStatus(i, status), cancellationToken);
        if (idea.Status?.StartTime is null && status.StartTime is { } started && idea.Metadata.CreationTimestamp is { } created)
        {
            metrics.Waited("idea", Times.Utc(started) - Times.Utc(created));
        }

        await Task.WhenAll(
            DeletePods(decision.DeletePods, pods, nodeIsLost, cancellationToken)
                .Concat(decision.CreatePods.Select(variant => Api.CreatePodAsync(IdeaPods.Build(idea, variant, maxDuration), cancellationToken))));
        return decision.RequeueAfter;
    }

    private static bool ApplyStatus(IdeaExperiment idea, IdeaExperimentStatus desired)
    {
        var current = idea.Status ?? new IdeaExperimentStatus();
        desired.PromotedTo ??= current.PromotedTo;
        if (!Differs(current, desired))
        {
            return false;
        }

        idea.Status = desired;
        return true;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "IdeaExperiment {Key} promoted to TrainingRun {Run}")]
    private static partial void LogPromoted(ILogger logger, ObjectKey key, string run);
}
