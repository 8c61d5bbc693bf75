namespace ClusterOperator.Api.Model;

/// <summary>The condition types the operator sets on its resources.</summary>
public static class ConditionTypes
{
    public const string Scheduled = "Scheduled";
    public const string Running = "Running";
    public const string Preempted = "Preempted";
    public const string Finished = "Finished";
    public const string InvalidSpec = "InvalidSpec";
}
