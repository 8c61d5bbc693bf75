using k8s;
using k8s.Models;

namespace ClusterOperator.Runtime.Informers;

/// <summary>
/// Transforms for <see cref="Informer{T}.SetTransform"/>: each builds a new, smaller object from the one the API
/// server sent, so the full object is garbage as soon as the event is handled. Cached objects shaped by these are
/// for reading only; never send one back in an update.
/// </summary>
public static class CacheTransforms
{
    /// <summary>
    /// Keeps only metadata (see <see cref="CachedMetadata"/>), for kinds whose cache answers "does it exist" and
    /// "what owns it", like a metadata-only watch.
    /// </summary>
    public static T MetadataOnly<T>(T obj)
        where T : class, IKubernetesObject<V1ObjectMeta>, new()
    {
        ArgumentNullException.ThrowIfNull(obj);
        return new T
        {
            ApiVersion = CachedMetadata.Intern(obj.ApiVersion),
            Kind = CachedMetadata.Intern(obj.Kind),
            Metadata = CachedMetadata.Slim(obj.Metadata),
        };
    }

    /// <summary>
    /// Keeps the whole object, for kinds read in full (a custom resource whose spec builds pods and whose status is
    /// written back from a clone), but shares its strings drawn from small sets: apiVersion, kind and those of
    /// <see cref="CachedMetadata.InternInPlace"/>. Changes the object it is given, which must be fresh from the server.
    /// </summary>
    public static T Interned<T>(T obj)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        ArgumentNullException.ThrowIfNull(obj);
        obj.ApiVersion = CachedMetadata.Intern(obj.ApiVersion);
        obj.Kind = CachedMetadata.Intern(obj.Kind);
        if (obj.Metadata is { } metadata)
        {
            CachedMetadata.InternInPlace(metadata);
        }

        return obj;
    }

    /// <summary>
    /// Keeps what a scheduler asks of a node: its labels, taints and schedulability, its allocatable and capacity,
    /// and its conditions (type, status, reason, when they changed). Images, addresses, node info, daemon endpoints,
    /// volumes and condition heartbeats and messages are dropped; images alone can be tens of kilobytes a node.
    /// </summary>
    public static V1Node SlimNode(V1Node node)
    {
        ArgumentNullException.ThrowIfNull(node);
        return new V1Node
        {
            ApiVersion = CachedMetadata.Intern(node.ApiVersion),
            Kind = CachedMetadata.Intern(node.Kind),
            Metadata = node.Metadata is { } metadata ? CachedMetadata.Slim(metadata) : null,
            Spec = node.Spec is { } spec ? new V1NodeSpec { Unschedulable = spec.Unschedulable, Taints = spec.Taints } : null,
            Status = node.Status is { } status
                ? new V1NodeStatus
                {
                    Allocatable = status.Allocatable,
                    Capacity = status.Capacity,
                    Phase = CachedMetadata.Intern(status.Phase),
                    Conditions = status.Conditions?.Select(c => new V1NodeCondition
                    {
                        Type = CachedMetadata.Intern(c.Type),
                        Status = CachedMetadata.Intern(c.Status),
                        Reason = CachedMetadata.Intern(c.Reason),
                        LastTransitionTime = c.LastTransitionTime,
                    }).ToList(),
                }
                : null,
        };
    }

    /// <summary>
    /// Keeps what a scheduler and a workload controller ask of a pod: its binding (node, scheduler), what it requests
    /// (each container's name and resources), its deadlines and grace period, and its outcome (phase, reason, start
    /// time, each container's termination). Images, commands, env, volumes, probes, affinity, tolerations, conditions
    /// and IPs are dropped.
    /// </summary>
    public static V1Pod SlimPod(V1Pod pod)
    {
        ArgumentNullException.ThrowIfNull(pod);
        return new V1Pod
        {
            ApiVersion = CachedMetadata.Intern(pod.ApiVersion),
            Kind = CachedMetadata.Intern(pod.Kind),
            Metadata = pod.Metadata is { } metadata ? CachedMetadata.Slim(metadata) : null,
            Spec = pod.Spec is { } spec ? SlimSpec(spec) : null,
            Status = pod.Status is { } status ? SlimStatus(status) : null,
        };
    }

    private static V1PodSpec SlimSpec(V1PodSpec spec) => new()
    {
        NodeName = CachedMetadata.Intern(spec.NodeName),
        SchedulerName = CachedMetadata.Intern(spec.SchedulerName),
        Priority = spec.Priority,
        ActiveDeadlineSeconds = spec.ActiveDeadlineSeconds,
        TerminationGracePeriodSeconds = spec.TerminationGracePeriodSeconds,
        Containers = spec.Containers?.Select(SlimContainer).ToList(),
        InitContainers = spec.InitContainers?.Select(SlimContainer).ToList(),
    };

    private static V1Container SlimContainer(V1Container container) => new()
    {
        Name = CachedMetadata.Intern(container.Name),
        Resources = container.Resources,
    };

    private static V1PodStatus SlimStatus(V1PodStatus status) => new()
    {
        Phase = CachedMetadata.Intern(status.Phase),
        Reason = CachedMetadata.Intern(status.Reason),
        StartTime = status.StartTime,
        ContainerStatuses = status.ContainerStatuses?.Select(SlimContainerStatus).ToList(),
        InitContainerStatuses = status.InitContainerStatuses?.Select(SlimContainerStatus).ToList(),
    };

    private static V1ContainerStatus SlimContainerStatus(V1ContainerStatus status) => new()
    {
        Name = CachedMetadata.Intern(status.Name),
        RestartCount = status.RestartCount,
        Ready = status.Ready,
        State = status.State?.Terminated is { } terminated
            ? new V1ContainerState
            {
                Terminated = new V1ContainerStateTerminated
                {
                    ExitCode = terminated.ExitCode,
                    Signal = terminated.Signal,
                    Reason = CachedMetadata.Intern(terminated.Reason),
                    FinishedAt = terminated.FinishedAt,
                },
            }
            : null,
    };
}
