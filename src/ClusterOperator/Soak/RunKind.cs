namespace ClusterOperator.Soak;

/// <summary>The kinds of workload the soak submits.</summary>
internal enum RunKind
{
    /// <summary>A rigid gang TrainingRun: all replicas or none.</summary>
    Training,

    /// <summary>An elastic TrainingRun that runs anywhere between its minimum and maximum size.</summary>
    Elastic,

    /// <summary>An IdeaExperiment: one pod per variant.</summary>
    Idea,
}
