namespace ClusterOperator.Scheduling;

/// <summary>Taint effects, as in Kubernetes.</summary>
public enum TaintEffect
{
    /// <summary>Pods that do not tolerate it are not placed on the node.</summary>
    NoSchedule,

    /// <summary>A soft preference; it never blocks placement.</summary>
    PreferNoSchedule,

    /// <summary>Pods that do not tolerate it are not placed (running ones are the kubelet's business).</summary>
    NoExecute,
}
