using System.Reflection;
using k8s.Models;

namespace ClusterOperator.Runtime;

/// <summary>
/// Where a kind lives in the API: group (empty for the core group), version and plural resource name.
/// The generic client turns an empty group into <c>/api/v1</c> paths, so one code path serves built-in kinds and
/// custom resources alike.
/// </summary>
public sealed record ApiResource(string Group, string Version, string Plural)
{
    /// <summary>The resource of a kind that carries a <see cref="KubernetesEntityAttribute"/>, as every generated model and our CRD types do.</summary>
    public static ApiResource For<T>()
    {
        var entity = typeof(T).GetCustomAttribute<KubernetesEntityAttribute>()
            ?? throw new InvalidOperationException($"{typeof(T).Name} has no [KubernetesEntity] attribute; pass its ApiResource explicitly.");
        return new(entity.Group ?? string.Empty, entity.ApiVersion, entity.PluralName);
    }

    /// <summary>A name for logs and metric labels: <c>pods</c>, or <c>trainingruns.training.clusteroperator.io</c>.</summary>
    public override string ToString() => Group.Length == 0 ? Plural : $"{Plural}.{Group}";
}
