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

    /// <summary>Stores the round's views and returns the keys whose view changed, to be reconciled.</summary>
    public (IReadOnlyList<ObjectKey> Runs, IReadOnlyList<ObjectKey> Ideas) Replace(
        IReadOnlyDictionary<ObjectKey, SchedulingView> runs,
        IReadOnlyDictionary<ObjectKey, SchedulingView> ideas) =>
        (Replace(_runs, runs), Replace(_ideas, ideas));

    private static List<ObjectKey> Replace(ConcurrentDictionary<ObjectKey, SchedulingView> current, IReadOnlyDictionary<ObjectKey, SchedulingView> next)
    {
        var changed = new List<ObjectKey>();
        foreach (var (key, view) in next)
        {
            if (!current.TryGetValue(key, out var old) || old != view)
            {
                current[key] = view;
                changed.Add(key);
            }
        }

        foreach (var key in current.Keys.Where(k => !next.ContainsKey(k)))
        {
            current.TryRemove(key, out _);
        }

        return changed;
    }
}
