using k8s.Models;

namespace ClusterOperator.Controllers;

/// <summary>Sets metav1 conditions the way the API conventions ask: the transition time moves only when the status does.</summary>
internal static class ConditionList
{
    public static IList<V1Condition> Set(
        IList<V1Condition>? conditions,
        string type,
        bool status,
        string reason,
        string message,
        long? observedGeneration,
        DateTimeOffset now)
    {
        var list = conditions?.ToList() ?? [];
        var statusText = status ? "True" : "False";
        var existing = list.FindIndex(c => c.Type == type);
        var transition = existing >= 0 && list[existing].Status == statusText
            ? list[existing].LastTransitionTime
            : now.UtcDateTime;
        var condition = new V1Condition
        {
            Type = type,
            Status = statusText,
            Reason = reason,
            Message = message,
            ObservedGeneration = observedGeneration,
            LastTransitionTime = transition,
        };
        if (existing >= 0)
        {
            list[existing] = condition;
        }
        else
        {
            list.Add(condition);
        }

        return list;
    }

    public static IList<V1Condition>? Remove(IList<V1Condition>? conditions, string type) =>
        conditions?.Where(c => c.Type != type).ToList();

    public static bool IsTrue(IList<V1Condition>? conditions, string type) =>
        conditions?.Any(c => c.Type == type && c.Status == "True") == true;
}
