using ClusterOperator.Scheduling;
using k8s.Models;

namespace ClusterOperator.Scheduler;

/// <summary>A core snapshot plus the way back from its workload ids to Kubernetes objects.</summary>
internal sealed record BuiltSnapshot(
    ClusterSnapshot Snapshot,
    IReadOnlyDictionary<string, TranslatedWorkload> Workloads)
{
    /// <summary>The pod that replica <paramref name="index"/> of workload <paramref name="id"/> ran in when the snapshot was taken.</summary>
    public V1Pod? Pod(string id, int index) =>
        Workloads.TryGetValue(id, out var workload) && index >= 0 && index < workload.Pods.Count ? workload.Pods[index] : null;
}
