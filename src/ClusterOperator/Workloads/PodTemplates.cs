using ClusterOperator.Api;
using k8s;
using k8s.Models;

namespace ClusterOperator.Workloads;

/// <summary>What every pod the operator creates has in common, whatever the kind of its owner.</summary>
internal static class PodTemplates
{
    /// <summary>
    /// Instantiates a pod from a user's template: a deep copy, owned by <paramref name="owner"/>, left to our
    /// scheduler, never restarted by the kubelet (the operator restarts whole gangs), with a GPU limit on the
    /// first container.
    /// </summary>
    public static V1Pod Instantiate(
        V1PodTemplateSpec template,
        IKubernetesObject<V1ObjectMeta> owner,
        string podName,
        IDictionary<string, string> labels,
        int gpus)
    {
        var copy = KubernetesJson.Deserialize<V1PodTemplateSpec>(KubernetesJson.Serialize(template));
        var spec = copy.Spec;
        spec.SchedulerName = ApiGroup.SchedulerName;
        spec.RestartPolicy = "Never";
        spec.NodeName = null;
        var main = spec.Containers[0];
        main.Resources ??= new V1ResourceRequirements();
        main.Resources.Limits ??= new Dictionary<string, ResourceQuantity>();
        main.Resources.Requests ??= new Dictionary<string, ResourceQuantity>();
        if (gpus > 0)
        {
            main.Resources.Limits[ApiGroup.GpuResource] = new ResourceQuantity(gpus.ToString(System.Globalization.CultureInfo.InvariantCulture));
            main.Resources.Requests[ApiGroup.GpuResource] = main.Resources.Limits[ApiGroup.GpuResource];
        }

        var podLabels = new Dictionary<string, string>(copy.Metadata?.Labels ?? new Dictionary<string, string>());
        foreach (var (key, value) in labels)
        {
            podLabels[key] = value;
        }

        return new V1Pod
        {
            ApiVersion = "v1",
            Kind = "Pod",
            Metadata = new V1ObjectMeta
            {
                Name = podName,
                NamespaceProperty = owner.Namespace(),
                Labels = podLabels,
                Annotations = copy.Metadata?.Annotations is { } annotations ? new Dictionary<string, string>(annotations) : null,
                OwnerReferences = [ControllerReference(owner)],
            },
            Spec = spec,
        };
    }

    public static V1OwnerReference ControllerReference(IKubernetesObject<V1ObjectMeta> owner) => new()
    {
        ApiVersion = owner.ApiVersion,
        Kind = owner.Kind,
        Name = owner.Name(),
        Uid = owner.Uid(),
        Controller = true,
        BlockOwnerDeletion = true,
    };

    /// <summary>Adds or replaces environment variables on every container, so each process sees the same gang facts.</summary>
    public static void SetEnvironment(V1PodSpec spec, IEnumerable<V1EnvVar> variables)
    {
        var list = variables.ToList();
        foreach (var container in spec.Containers)
        {
            container.Env ??= [];
            foreach (var variable in list)
            {
                container.Env = [.. container.Env.Where(e => e.Name != variable.Name), variable];
            }
        }
    }
}
