using ClusterOperator.Api.Model;
using ClusterOperator.Api.Validation;
using ClusterOperator.Controllers;
using k8s.Models;

namespace ClusterOperator.Operator;

/// <summary>
/// Marks an object whose spec the validator rejected: a condition listing every error, and nothing run. Both kinds
/// keep these three fields in their <see cref="IWorkloadStatus"/>.
/// </summary>
internal sealed record InvalidSpec(string? WaitingReason, long? ObservedGeneration, IList<V1Condition>? Conditions)
{
    public static string Message(IReadOnlyList<FieldError> errors) => "spec is invalid: " + string.Join("; ", errors);

    /// <summary>Sets the mark on a status of either kind; false when it already carries it for this generation, so nothing is written.</summary>
    public static bool Mark(IWorkloadStatus status, long? generation, string message, DateTimeOffset now)
    {
        if (new InvalidSpec(status.WaitingReason, status.ObservedGeneration, status.Conditions).Marked(generation, message, now) is not { } mark)
        {
            return false;
        }

        (status.WaitingReason, status.ObservedGeneration, status.Conditions) = (mark.WaitingReason, mark.ObservedGeneration, mark.Conditions);
        return true;
    }

    /// <summary>The fields with the mark set, or null when they already carry it for this generation.</summary>
    public InvalidSpec? Marked(long? generation, string message, DateTimeOffset now) =>
        WaitingReason == message && ObservedGeneration == generation
            ? null
            : new InvalidSpec(message, generation, ConditionList.Set(Conditions, ConditionTypes.InvalidSpec, true, "ValidationFailed", message, generation, now));
}
