using ClusterOperator.Scheduling;
using k8s.Models;

namespace ClusterOperator.Scheduler;

/// <summary>A core snapshot plus the way back from its workload ids to Kubernetes objects.</summary>
internal sealed record BuiltSnapshot(
    ClusterSnapshot Snapshot,
    IReadOnlyDictionary<string, WorkloadRef> Workloads,
    IReadOnlyDictionary<string, V1Pod> PodsByName,
    IReadOnlyDictionary<string, string> OwnerOf);
