namespace ClusterOperator.Simulation.Traces;

/// <summary>The kind column of a trace row: a TrainingRun or an IdeaExperiment.</summary>
public enum TraceJobKind
{
    Training,
    Idea,
}
