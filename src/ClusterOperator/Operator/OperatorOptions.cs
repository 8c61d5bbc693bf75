namespace ClusterOperator.Operator;

/// <summary>Settings of the operator process itself, bound from the <c>Operator</c> configuration section.</summary>
internal sealed class OperatorOptions
{
    /// <summary>Only watch this namespace; empty watches all.</summary>
    public string? WatchNamespace { get; set; }

    /// <summary>The namespace of the operator's Lease and state ConfigMap. Default: the pod's, else "default".</summary>
    public string? OperatorNamespace { get; set; }

    /// <summary>How long a node must be NotReady before its pods count as lost. Default 30s.</summary>
    public TimeSpan NodeLostAfter { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often the scheduler plans with nothing changed, for the time-based rules. Default 5s.</summary>
    public TimeSpan PlanInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Reconcile workers per resource controller. Default 8: a reconcile mostly waits on API writes.</summary>
    public int Workers { get; set; } = 8;

    /// <summary>
    /// Lets templates ask for privileged mode, host networking, host PID or IPC, or host paths. Default false. Also
    /// set by <c>Security:AllowPrivilegedPods</c>, which the chart renders from <c>security.allowPrivilegedPods</c>.
    /// </summary>
    public bool AllowPrivilegedPods { get; set; }
}
