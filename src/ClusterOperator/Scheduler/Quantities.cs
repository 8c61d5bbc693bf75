using ClusterOperator.Api;
using k8s.Models;

namespace ClusterOperator.Scheduler;

/// <summary>Reads GPU counts from resource lists.</summary>
internal static class Quantities
{
    public static int Gpus(IDictionary<string, ResourceQuantity>? resources) =>
        resources is not null && resources.TryGetValue(ApiGroup.GpuResource, out var quantity) ? (int)quantity.ToInt64() : 0;

    /// <summary>GPUs a pod asks for: the larger of its containers' sum and any init container's, as the kubelet counts.</summary>
    public static int PodGpus(V1Pod pod)
    {
        var containers = pod.Spec?.Containers?.Sum(c => Math.Max(Gpus(c.Resources?.Limits), Gpus(c.Resources?.Requests))) ?? 0;
        var init = pod.Spec?.InitContainers?.Select(c => Math.Max(Gpus(c.Resources?.Limits), Gpus(c.Resources?.Requests))).DefaultIfEmpty(0).Max() ?? 0;
        return Math.Max(containers, init);
    }
}
