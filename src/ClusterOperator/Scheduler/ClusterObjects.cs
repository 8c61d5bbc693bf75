using ClusterOperator.Api.Model;
using k8s.Models;

namespace ClusterOperator.Scheduler;

/// <summary>The cached objects one scheduling round reads: a consistent-enough copy of the informers' caches.</summary>
internal sealed record ClusterObjects(
    IReadOnlyList<TrainingRun> Runs,
    IReadOnlyList<IdeaExperiment> Ideas,
    IReadOnlyList<V1Pod> Pods,
    IReadOnlyList<V1Node> Nodes);
