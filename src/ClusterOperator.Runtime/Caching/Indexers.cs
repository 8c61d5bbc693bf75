using k8s;
using k8s.Models;

namespace ClusterOperator.Runtime.Caching;

/// <summary>Index functions the controllers need: by namespace, pods by node, objects by label or by owner.</summary>
public static class Indexers
{
    public const string PodsByNode = "pods-by-node";

    public static IndexFunc<T> Namespace<T>()
        where T : IKubernetesObject<V1ObjectMeta> =>
        obj => [obj.Metadata?.NamespaceProperty ?? string.Empty];

    /// <summary>Pods by <c>spec.nodeName</c>; unbound pods are not indexed.</summary>
    public static IndexFunc<V1Pod> NodeName() =>
        pod => string.IsNullOrEmpty(pod.Spec?.NodeName) ? [] : [pod.Spec.NodeName];

    /// <summary>
    /// Objects by the value of one label, as the <see cref="ObjectKey"/> text <c>namespace/value</c>, so that pods
    /// labelled with their run's name index straight to the run's key.
    /// </summary>
    public static IndexFunc<T> Label<T>(string labelKey)
        where T : IKubernetesObject<V1ObjectMeta> =>
        obj => obj.Metadata?.Labels is { } labels && labels.TryGetValue(labelKey, out var value)
            ? [new ObjectKey(obj.Metadata.NamespaceProperty ?? string.Empty, value).ToString()]
            : [];

    /// <summary>Objects by their controller owner of the given kind, as the owner's <see cref="ObjectKey"/> text.</summary>
    public static IndexFunc<T> ControllerOwner<T>(string ownerKind)
        where T : IKubernetesObject<V1ObjectMeta> =>
        obj => obj.Metadata?.OwnerReferences?
            .Where(o => o.Controller == true && string.Equals(o.Kind, ownerKind, StringComparison.Ordinal))
            .Select(o => new ObjectKey(obj.Metadata.NamespaceProperty ?? string.Empty, o.Name).ToString())
            ?? [];
}
