using ClusterOperator.Api.Model;
using k8s.Models;

namespace ClusterOperator.Controllers.TrainingRuns;

/// <summary>What one reconcile of a <see cref="TrainingRun"/> should do: the status to write and the pods to change.</summary>
internal sealed record GangDecision
{
    /// <summary>The status the run should have; the preemption fields are the scheduler's and are left as read.</summary>
    public required TrainingRunStatus Status { get; init; }

    /// <summary>Replica indices whose pods are missing and should be created, unbound.</summary>
    public IReadOnlyList<int> CreatePods { get; init; } = [];

    /// <summary>Pods to delete: stale, failed, lost, or left over once the run finished.</summary>
    public IReadOnlyList<V1Pod> DeletePods { get; init; } = [];

    /// <summary>The run has outlived ttlSecondsAfterFinished.</summary>
    public bool DeleteRun { get; init; }

    /// <summary>When a time-based rule (maxRuntime, TTL) next needs a look.</summary>
    public TimeSpan? RequeueAfter { get; init; }
}
