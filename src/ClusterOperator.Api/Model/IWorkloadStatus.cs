using k8s.Models;

namespace ClusterOperator.Api.Model;

/// <summary>The status fields a TrainingRun and an IdeaExperiment share, so code that only needs these serves both.</summary>
public interface IWorkloadStatus
{
    string? Owner { get; set; }

    string? WaitingReason { get; set; }

    long? ObservedGeneration { get; set; }

    IList<V1Condition>? Conditions { get; set; }
}
