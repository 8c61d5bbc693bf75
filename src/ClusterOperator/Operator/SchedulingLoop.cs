using ClusterOperator.Controllers;
using ClusterOperator.Observability;
using ClusterOperator.Runtime;
using ClusterOperator.Runtime.Controllers;
using ClusterOperator.Runtime.Queueing;
using ClusterOperator.Scheduler;
using ClusterOperator.Scheduling;
using Microsoft.Extensions.Logging;

namespace ClusterOperator.Operator;

/// <summary>
/// The one scheduler loop: snapshot the caches, call the core's Plan, apply the decisions, publish each run's share
/// and waiting reason. It runs as a controller with one worker and one key, so rounds never overlap, on the leader
/// only; events coalesce into one round and a timer covers the time-based rules.
/// </summary>
internal sealed partial class SchedulingLoop(
    OperatorCaches caches,
    SnapshotBuilder builder,
    AssumedBinds assumed,
    PlanApplier applier,
    SchedulerStateStore store,
    SchedulingViews views,
    EventRecorder events,
    FairShareOptions fairShare,
    OperatorOptions options,
    OperatorMetrics metrics,
    TimeProvider time,
    ILogger<SchedulingLoop> logger) : IReconciler
{
    public static readonly ObjectKey RoundKey = ObjectKey.Cluster("round");
    private SchedulerState? _state;

    /// <summary>Queues of the run and idea controllers, told when a run's share or waiting reason changes.</summary>
    public WorkQueue<ObjectKey>? RunQueue { get; set; }

    public WorkQueue<ObjectKey>? IdeaQueue { get; set; }

    public async Task<ReconcileResult> ReconcileAsync(ObjectKey key, CancellationToken cancellationToken)
    {
        // Loaded on the first round of every term: a new leader continues from the stored usage and reservations.
        _state ??= await store.LoadAsync(cancellationToken);
        var now = time.GetUtcNow();
        var started = time.GetTimestamp();
        var objects = caches.Snapshot();
        var built = builder.Build(objects, assumed.NodeOf, _state, fairShare, SchedulingPolicy.FairShare, now);
        var translated = time.GetElapsedTime(started);
        var plan = Scheduling.Scheduler.Plan(built.Snapshot);
        var planned = time.GetElapsedTime(started);
        metrics.Round(() => RoundFiguresBuilder.Build(built, plan, objects, options.PlanInterval, metrics.MaxOwners), planned - translated);
        await applier.ApplyAsync(plan, built, cancellationToken);
        var applied = time.GetElapsedTime(started);

        Publish(plan, built);
        var allocated = plan.OwnerShares.GroupBy(s => s.Owner).ToDictionary(g => g.Key, g => g.Sum(s => s.AllocatedGpus), StringComparer.Ordinal);
        _state = (_state with { Reservations = plan.Reservations }).AdvanceUsage(allocated, fairShare.UsageHalfLife, now);
        await store.SaveAsync(_state with { UsageUpdatedAt = null }, now, options.PlanInterval, cancellationToken);
        var total = time.GetElapsedTime(started);
        LogRound(logger, built.Workloads.Count, plan.Binds.Count, plan.Evictions.Count, translated.TotalMilliseconds, (planned - translated).TotalMilliseconds,
            (applied - planned).TotalMilliseconds, total.TotalMilliseconds);
        return ReconcileResult.After(options.PlanInterval);
    }

    private void RecordWaiting(k8s.IKubernetesObject<k8s.Models.V1ObjectMeta>? subject, string? waiting, string? previous)
    {
        // Only the start of a wait: the sentence's numbers change every round, and a run's story needs one line.
        if (subject is not null && waiting is not null && previous is null)
        {
            events.Record(subject, "Waiting", waiting);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Round: {Workloads} workloads, {Binds} binds, {Evictions} evictions; translate {TranslateMs:0.0} ms, plan {PlanMs:0.0} ms, apply {ApplyMs:0.0} ms, total {TotalMs:0.0} ms")]
    private static partial void LogRound(ILogger logger, int workloads, int binds, int evictions, double translateMs, double planMs, double applyMs, double totalMs);

    /// <summary>Forgets the in-memory state, so the next term starts from the stored one.</summary>
    public void Reset()
    {
        _state = null;
        assumed.Clear();
    }

    private void Publish(SchedulingPlan plan, BuiltSnapshot built)
    {
        var shares = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var share in plan.OwnerShares)
        {
            shares[share.Owner] = shares.GetValueOrDefault(share.Owner) + share.ShareGpus;
        }

        var runs = new Dictionary<ObjectKey, SchedulingView>();
        var ideas = new Dictionary<ObjectKey, SchedulingView>();
        foreach (var (id, translated) in built.Workloads)
        {
            var workload = translated.Ref;
            var owner = translated.Workload.Owner;
            var waiting = plan.Waiting.TryGetValue(id, out var reason) ? reason.Message : null;
            var view = new SchedulingView(owner, Math.Round(shares.GetValueOrDefault(owner), 2), waiting);
            var target = workload.Origin == WorkloadOrigin.TrainingRun ? runs : ideas;

            // An idea's first waiting variant speaks for the experiment.
            if (!target.TryGetValue(workload.Key, out var existing) || (existing.WaitingReason is null && waiting is not null))
            {
                target[workload.Key] = view;
            }
        }

        var (changedRuns, changedIdeas) = views.Replace(runs, ideas);
        foreach (var change in changedRuns)
        {
            Wake(RunQueue, change);
            RecordWaiting(caches.Runs.Cache.Get(change.Key), runs[change.Key].WaitingReason, change.PreviousWaitingReason);
        }

        foreach (var change in changedIdeas)
        {
            Wake(IdeaQueue, change);
            RecordWaiting(caches.Ideas.Cache.Get(change.Key), ideas[change.Key].WaitingReason, change.PreviousWaitingReason);
        }
    }

    /// <summary>A new waiting reason is written at once; a moved share within a plan interval, once however often it moves.</summary>
    private void Wake(WorkQueue<ObjectKey>? queue, ViewChange change)
    {
        if (change.Lazy)
        {
            queue?.AddAfter(change.Key, options.PlanInterval);
        }
        else
        {
            queue?.Add(change.Key);
        }
    }
}
