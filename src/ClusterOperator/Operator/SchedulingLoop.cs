using ClusterOperator.Controllers;
using ClusterOperator.Observability;
using ClusterOperator.Runtime;
using ClusterOperator.Runtime.Controllers;
using ClusterOperator.Runtime.Queueing;
using ClusterOperator.Scheduler;
using ClusterOperator.Scheduling;

namespace ClusterOperator.Operator;

/// <summary>
/// The one scheduler loop: snapshot the caches, call the core's Plan, apply the decisions, publish each run's share
/// and waiting reason. It runs as a controller with one worker and one key, so rounds never overlap, on the leader
/// only; events coalesce into one round and a timer covers the time-based rules.
/// </summary>
internal sealed class SchedulingLoop(
    OperatorCaches caches,
    PlanApplier applier,
    SchedulerStateStore store,
    SchedulingViews views,
    EventRecorder events,
    FairShareOptions fairShare,
    OperatorOptions options,
    OperatorMetrics metrics,
    TimeProvider time) : IReconciler
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
        var objects = caches.Snapshot();
        var built = SnapshotBuilder.Build(objects, _state, fairShare, SchedulingPolicy.FairShare, now);
        var started = time.GetTimestamp();
        var plan = Scheduling.Scheduler.Plan(built.Snapshot);
        metrics.Round(RoundFiguresBuilder.Build(built, plan, objects, options.PlanInterval, metrics.MaxOwners), time.GetElapsedTime(started));
        await applier.ApplyAsync(plan, built, cancellationToken);

        await PublishAsync(plan, built, cancellationToken);
        var allocated = plan.OwnerShares.GroupBy(s => s.Owner).ToDictionary(g => g.Key, g => g.Sum(s => s.AllocatedGpus), StringComparer.Ordinal);
        _state = (_state with { Reservations = plan.Reservations }).AdvanceUsage(allocated, fairShare.UsageHalfLife, now);
        await store.SaveAsync(_state with { UsageUpdatedAt = null }, cancellationToken);
        return ReconcileResult.After(options.PlanInterval);
    }

    private async Task RecordWaitingAsync(k8s.IKubernetesObject<k8s.Models.V1ObjectMeta>? subject, string? waiting, string? previous, CancellationToken ct)
    {
        // Only the start of a wait: the sentence's numbers change every round, and a run's story needs one line.
        if (subject is not null && waiting is not null && previous is null)
        {
            await events.RecordAsync(subject, "Waiting", waiting, ct);
        }
    }

    /// <summary>Forgets the in-memory state, so the next term starts from the stored one.</summary>
    public void Reset() => _state = null;

    private async Task PublishAsync(SchedulingPlan plan, BuiltSnapshot built, CancellationToken ct)
    {
        var runs = new Dictionary<ObjectKey, SchedulingView>();
        var ideas = new Dictionary<ObjectKey, SchedulingView>();
        foreach (var (id, workload) in built.Workloads)
        {
            var owner = built.OwnerOf[id];
            var waiting = plan.Waiting.TryGetValue(id, out var reason) ? reason.Message : null;
            var view = new SchedulingView(owner, Math.Round(plan.OwnerShareGpus(owner), 2), waiting);
            var target = workload.Origin == WorkloadOrigin.TrainingRun ? runs : ideas;

            // An idea's first waiting variant speaks for the experiment.
            if (!target.TryGetValue(workload.Key, out var existing) || (existing.WaitingReason is null && waiting is not null))
            {
                target[workload.Key] = view;
            }
        }

        var before = runs.Keys.Concat(ideas.Keys).ToDictionary(k => k, k => views.Run(k)?.WaitingReason ?? views.Idea(k)?.WaitingReason);
        var (changedRuns, changedIdeas) = views.Replace(runs, ideas);
        foreach (var run in changedRuns)
        {
            RunQueue?.Add(run);
            await RecordWaitingAsync(caches.Runs.Cache.Get(run), runs[run].WaitingReason, before.GetValueOrDefault(run), ct);
        }

        foreach (var idea in changedIdeas)
        {
            IdeaQueue?.Add(idea);
            await RecordWaitingAsync(caches.Ideas.Cache.Get(idea), ideas[idea].WaitingReason, before.GetValueOrDefault(idea), ct);
        }
    }
}
