namespace ClusterOperator.Sandbox;

/// <summary>Labels, annotations and resource names the simulated nodes and kubelet use.</summary>
public static class SandboxConventions
{
    /// <summary>Seconds a container runs before it exits; without it a pod runs until deleted.</summary>
    public const string RunSecondsAnnotation = "sandbox.clusteroperator.io/run-seconds";

    /// <summary>The exit code when run-seconds elapse (default 0: Succeeded; anything else: Failed).</summary>
    public const string ExitCodeAnnotation = "sandbox.clusteroperator.io/exit-code";

    /// <summary>Seconds a container needs to stop after SIGTERM (default 1); deletion waits min(grace, this).</summary>
    public const string CheckpointSecondsAnnotation = "sandbox.clusteroperator.io/checkpoint-seconds";

    public const string GpuResource = "nvidia.com/gpu";

    public const string GpuProductLabel = "nvidia.com/gpu.product";

    public const string GpuCountLabel = "nvidia.com/gpu.count";

    public const string ZoneLabel = "topology.kubernetes.io/zone";

    public const string RackLabel = "topology.clusteroperator.io/rack";

    public const string HostnameLabel = "kubernetes.io/hostname";

    /// <summary>The pod status reason the kubelet uses when a bound pod does not fit on its node.</summary>
    public const string OutOfGpuReason = "OutOfnvidia.com/gpu";
}
