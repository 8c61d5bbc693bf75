namespace ClusterOperator.Scheduling.Tests.Properties;

/// <summary>A generated job: what arrives when, and for how long it runs once started (null: forever).</summary>
public sealed record JobSpec(
    string Id,
    string Owner,
    WorkloadKind Kind,
    int Replicas,
    int? MinReplicas,
    int Gpus,
    int SubmitRound,
    int? DurationRounds,
    int GraceSeconds,
    string? Pool);
