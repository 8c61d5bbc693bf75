using k8s;

namespace ClusterOperator.Runtime;

/// <summary>Helpers for model objects that the generated client leaves out.</summary>
public static class KubernetesObjects
{
    /// <summary>A deep copy through the client's own JSON settings, so a cached object can be changed and written back.</summary>
    public static T Clone<T>(T obj)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(obj);
        return KubernetesJson.Deserialize<T>(KubernetesJson.Serialize(obj));
    }
}
