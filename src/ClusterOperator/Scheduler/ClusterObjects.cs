using ClusterOperator.Api.Model;
using ClusterOperator.Runtime;
using k8s.Models;

namespace ClusterOperator.Scheduler;

/// <summary>
/// The cached objects one scheduling round reads: a consistent-enough copy of the informers' caches, and a way to
/// look a pod up by name without indexing every pod again each round.
/// </summary>
internal sealed record ClusterObjects(
    IReadOnlyList<TrainingRun> Runs,
    IReadOnlyList<IdeaExperiment> Ideas,
    IReadOnlyList<V1Pod> Pods,
    IReadOnlyList<V1Node> Nodes,
    Func<ObjectKey, V1Pod?> Pod);
