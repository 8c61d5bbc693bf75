using ClusterOperator.Scheduling;
using k8s.Models;

namespace ClusterOperator.Scheduler;

/// <summary>One workload of the core's snapshot, where it came from, and its pods by replica index.</summary>
internal sealed record TranslatedWorkload(Workload Workload, WorkloadRef Ref, IReadOnlyList<V1Pod> Pods);
