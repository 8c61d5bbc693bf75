using System.Collections.Concurrent;
using ClusterOperator.Controllers;
using ClusterOperator.Runtime;

namespace ClusterOperator.Operator;

/// <summary>
/// The scheduler loop's latest conclusions per object, read by the run and idea reconcilers when they write status.
/// Recomputed every round, so it needs no persistence: after a restart the first round fills it again.
/// </summary>
internal sealed class SchedulingViews
{
    private readonly ConcurrentDictionary<ObjectKey, SchedulingView> _runs = new();
    private readonly ConcurrentDictionary<ObjectKey, SchedulingView> _ideas = new();

    public SchedulingView? Run(ObjectKey key) => _runs.GetValueOrDefault(key);

    public SchedulingView? Idea(ObjectKey key) => _ideas.GetValueOrDefault(key);

    /// <summary>
    /// Stores the round's views and returns the keys whose view changed, to be reconciled. A change of the owner's
    /// share alone is <c>Lazy</c>: every arrival moves its owner's share, so refreshing each of the owner's runs at
    /// once would cost a status write per run per arrival.
    /// </summary>
    public (IReadOnlyList<ViewChange> Runs, IReadOnlyList<ViewChange> Ideas) Replace(
        IReadOnlyDictionary<ObjectKey, SchedulingView> runs,
        IReadOnlyDictionary<ObjectKey, SchedulingView> ideas) =>
        (Replace(_runs, runs), Replace(_ideas, ideas));

    private static List<ViewChange> Replace(ConcurrentDictionary<ObjectKey, SchedulingView> current, IReadOnlyDictionary<ObjectKey, SchedulingView> next)
    {
        var changed = new List<ViewChange>();
        foreach (var (key, view) in next)
        {
            if (!current.TryGetValue(key, out var old) || old != view)
            {
                current[key] = view;
                changed.Add(new ViewChange(key, Lazy: old is not null && old with { OwnerFairShareGpus = view.OwnerFairShareGpus } == view, old?.WaitingReason));
            }
        }

        foreach (var key in current.Keys.Where(k => !next.ContainsKey(k)))
        {
            current.TryRemove(key, out _);
        }

        return changed;
    }
}

/// <summary>
/// A run or experiment whose scheduling view changed; <c>Lazy</c> when only its owner's share moved. The previous
/// waiting reason tells the start of a wait from its continuation.
/// </summary>
internal readonly record struct ViewChange(ObjectKey Key, bool Lazy, string? PreviousWaitingReason);
