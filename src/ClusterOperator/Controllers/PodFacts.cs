using ClusterOperator.Api;
using k8s.Models;

namespace ClusterOperator.Controllers;

/// <summary>Plain questions about a pod that every controller asks, answered from its status alone.</summary>
internal static class PodFacts
{
    /// <summary>The kubelet's reason for a pod it rejected because the node had no room: not the user's fault.</summary>
    public const string OutOfGpuReason = "OutOf" + ApiGroup.GpuResource;

    public static bool IsBound(V1Pod pod) => !string.IsNullOrEmpty(pod.Spec?.NodeName);

    public static bool IsTerminating(V1Pod pod) => pod.Metadata?.DeletionTimestamp is not null;

    public static bool HasSucceeded(V1Pod pod) => pod.Status?.Phase == "Succeeded";

    public static bool HasFailed(V1Pod pod) => pod.Status?.Phase == "Failed";

    public static bool IsFinished(V1Pod pod) => HasSucceeded(pod) || HasFailed(pod);

    /// <summary>
    /// Failed while not being deleted. A pod that fails after its deletion began (an eviction, a lost node, a user's
    /// delete) was stopped, usually with SIGTERM's exit code 143; that is an interruption, not the workload failing.
    /// </summary>
    public static bool FailedOnItsOwn(V1Pod pod) => HasFailed(pod) && !IsTerminating(pod);

    /// <summary>Bound and not finished: the pod holds its GPUs, even while it terminates.</summary>
    public static bool HoldsGpus(V1Pod pod) => IsBound(pod) && !IsFinished(pod);

    /// <summary>Bound, not finished and not being deleted.</summary>
    public static bool IsActive(V1Pod pod) => HoldsGpus(pod) && !IsTerminating(pod);

    /// <summary>
    /// The pod stopped, or will, through no fault of its own: its node is gone or not ready, or the kubelet had no
    /// room for it. Such pods are replaced without counting against the run's backoff limit.
    /// </summary>
    public static bool IsLost(V1Pod pod, Func<string, bool> nodeIsLost) =>
        pod.Status?.Reason is OutOfGpuReason or "NodeLost" or "UnexpectedAdmissionError"
        || IsOnLostNode(pod, nodeIsLost);

    /// <summary>Holds GPUs on a node that is gone or long NotReady, whose kubelet will never confirm the pod stopped.</summary>
    public static bool IsOnLostNode(V1Pod pod, Func<string, bool> nodeIsLost) =>
        HoldsGpus(pod) && nodeIsLost(pod.Spec.NodeName);

    /// <summary>The first container's exit code, once it has terminated.</summary>
    public static int? ExitCode(V1Pod pod) =>
        pod.Status?.ContainerStatuses?.FirstOrDefault()?.State?.Terminated?.ExitCode;

    public static int? ReplicaIndex(V1Pod pod) =>
        pod.Metadata?.Labels?.TryGetValue(ApiGroup.ReplicaIndexLabel, out var text) == true
        && int.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, out var index)
            ? index
            : null;
}
