using ClusterOperator.Api.Model;
using ClusterOperator.Api.Validation;
using ClusterOperator.Controllers;

namespace ClusterOperator.Operator;

/// <summary>Marks an object whose spec the validator rejected: a condition listing every error, and nothing run.</summary>
internal static class InvalidSpec
{
    public static string Message(IReadOnlyList<FieldError> errors) => "spec is invalid: " + string.Join("; ", errors);

    public static bool Apply(TrainingRun run, IReadOnlyList<FieldError> errors, DateTimeOffset now)
    {
        var status = run.Status ??= new TrainingRunStatus();
        var message = Message(errors);
        if (status.WaitingReason == message && status.ObservedGeneration == run.Metadata.Generation)
        {
            return false;
        }

        status.Phase ??= TrainingRunPhase.Pending;
        status.WaitingReason = message;
        status.ObservedGeneration = run.Metadata.Generation;
        status.Conditions = ConditionList.Set(status.Conditions, ConditionTypes.InvalidSpec, true, "ValidationFailed", message, run.Metadata.Generation, now);
        return true;
    }

    public static bool Apply(IdeaExperiment idea, IReadOnlyList<FieldError> errors, DateTimeOffset now)
    {
        var status = idea.Status ??= new IdeaExperimentStatus();
        var message = Message(errors);
        if (status.WaitingReason == message && status.ObservedGeneration == idea.Metadata.Generation)
        {
            return false;
        }

        status.Phase ??= IdeaPhase.Pending;
        status.WaitingReason = message;
        status.ObservedGeneration = idea.Metadata.Generation;
        status.Conditions = ConditionList.Set(status.Conditions, ConditionTypes.InvalidSpec, true, "ValidationFailed", message, idea.Metadata.Generation, now);
        return true;
    }
}
