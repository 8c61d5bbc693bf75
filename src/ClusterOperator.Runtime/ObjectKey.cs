using k8s;
using k8s.Models;

namespace ClusterOperator.Runtime;

/// <summary>
/// The name of an object: the only thing a reconcile request carries, so every reconcile reads current state.
/// <see cref="Namespace"/> is empty for cluster-scoped objects.
/// </summary>
public readonly record struct ObjectKey(string Namespace, string Name)
{
    /// <summary>The key of a cluster-scoped object.</summary>
    public static ObjectKey Cluster(string name) => new(string.Empty, name);

    /// <summary>The key of an object, read from its metadata.</summary>
    public static ObjectKey From(IKubernetesObject<V1ObjectMeta> obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        return new(obj.Metadata?.NamespaceProperty ?? string.Empty, obj.Metadata?.Name ?? string.Empty);
    }

    /// <summary>Parses <c>namespace/name</c> or <c>name</c>, the form <see cref="ToString"/> writes.</summary>
    public static ObjectKey Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? Cluster(text) : new(text[..slash], text[(slash + 1)..]);
    }

    /// <summary><c>namespace/name</c>, or just the name for cluster-scoped objects, as kubectl and client-go write it.</summary>
    public override string ToString() => Namespace.Length == 0 ? Name : $"{Namespace}/{Name}";
}
