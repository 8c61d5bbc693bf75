using k8s;

namespace ClusterOperator.Configuration;

/// <summary>Connects to the API server: a kubeconfig given, the pod's service account in a cluster, or the default kubeconfig.</summary>
internal static class ClientFactory
{
    public static IKubernetes Create(string? kubeconfig)
    {
        KubernetesJsonDepth.Raise();
        var config = kubeconfig is not null
            ? KubernetesClientConfiguration.BuildConfigFromConfigFile(kubeconfig)
            : KubernetesClientConfiguration.IsInCluster()
                ? KubernetesClientConfiguration.InClusterConfig()
                : KubernetesClientConfiguration.BuildDefaultConfig();
        return new Kubernetes(config);
    }
}
