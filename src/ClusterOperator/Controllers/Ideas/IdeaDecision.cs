using ClusterOperator.Api.Model;
using k8s.Models;

namespace ClusterOperator.Controllers.Ideas;

/// <summary>What one reconcile of an <see cref="IdeaExperiment"/> should do.</summary>
internal sealed record IdeaDecision
{
    public required IdeaExperimentStatus Status { get; init; }

    /// <summary>Variants whose pods are missing and should be created, unbound.</summary>
    public IReadOnlyList<string> CreatePods { get; init; } = [];

    /// <summary>Pods to delete: timed out, lost, or left over.</summary>
    public IReadOnlyList<V1Pod> DeletePods { get; init; } = [];

    /// <summary>The TrainingRun to create from the winning variant, once.</summary>
    public TrainingRun? Promotion { get; init; }

    /// <summary>When the next variant deadline passes.</summary>
    public TimeSpan? RequeueAfter { get; init; }
}
