namespace ClusterOperator.Api;

/// <summary>Names shared by the CRDs, the operator and the tools that talk to them.</summary>
public static class ApiGroup
{
    public const string Group = "training.clusteroperator.io";
    public const string Version = "v1alpha1";
    public const string ApiVersion = Group + "/" + Version;
    public const string Category = "clusteroperator";

    /// <summary>The scheduler name our pods carry, so kube-scheduler leaves them to us.</summary>
    public const string SchedulerName = "clusteroperator";

    /// <summary>The extended resource name of a GPU.</summary>
    public const string GpuResource = "nvidia.com/gpu";

    /// <summary>Label on every pod and service of a run, holding the run's name.</summary>
    public const string RunLabel = Group + "/run";

    /// <summary>Label on every gang pod, holding its replica index.</summary>
    public const string ReplicaIndexLabel = Group + "/replica-index";

    /// <summary>Label on every idea pod, holding the experiment's name.</summary>
    public const string IdeaLabel = Group + "/idea";

    /// <summary>Label on every idea pod, holding its variant name.</summary>
    public const string VariantLabel = Group + "/variant";

    /// <summary>Node label naming the node's rack; gangs prefer nodes of one rack.</summary>
    public const string RackLabel = "topology.clusteroperator.io/rack";

    /// <summary>Node label naming the node's NVLink domain; gangs prefer nodes of one domain most.</summary>
    public const string NvLinkDomainLabel = "topology.clusteroperator.io/nvlink-domain";

    /// <summary>Node label naming the GPU model, as NVIDIA's GPU feature discovery sets it.</summary>
    public const string GpuProductLabel = "nvidia.com/gpu.product";

    /// <summary>Annotation that asks the operator to promote an idea's variant to a TrainingRun.</summary>
    public const string PromoteAnnotation = Group + "/promote";
}
