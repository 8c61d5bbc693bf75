namespace ClusterOperator.Scheduling;

/// <summary>What a workload is; ideas get the idea guarantee and go first.</summary>
public enum WorkloadKind
{
    /// <summary>A TrainingRun: a gang, possibly elastic.</summary>
    Training,

    /// <summary>An IdeaExperiment variant.</summary>
    Idea,
}
