using k8s.Models;

namespace ClusterOperator.Runtime.Informers;

/// <summary>
/// The part of <see cref="V1ObjectMeta"/> a cache keeps: identity, versions, lifecycle, labels and owners. Annotations,
/// finalizers and managedFields are dropped. Strings drawn from small sets (namespaces, label keys, owner kinds) are
/// interned, since every cached object would otherwise hold its own copy of each.
/// </summary>
public static class CachedMetadata
{
    /// <summary>A new metadata object holding only what a cache keeps of <paramref name="metadata"/>.</summary>
    public static V1ObjectMeta Slim(V1ObjectMeta metadata)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        return new V1ObjectMeta
        {
            Name = metadata.Name,
            NamespaceProperty = Intern(metadata.NamespaceProperty),
            Uid = metadata.Uid,
            ResourceVersion = metadata.ResourceVersion,
            Generation = metadata.Generation,
            CreationTimestamp = metadata.CreationTimestamp,
            DeletionTimestamp = metadata.DeletionTimestamp,
            DeletionGracePeriodSeconds = metadata.DeletionGracePeriodSeconds,
            Labels = metadata.Labels is { } labels ? Labels(labels) : null,
            OwnerReferences = metadata.OwnerReferences?.Select(Owner).ToList(),
        };
    }

    /// <summary>The interned copy of a string drawn from a small set; null stays null.</summary>
    public static string? Intern(string? value) => value is null ? null : string.Intern(value);

    /// <summary>
    /// Makes the strings of <paramref name="metadata"/> drawn from small sets (namespace, label keys, owner kinds) the
    /// interned copies, in place, keeping every field: for an object fresh from the server that no one else holds yet.
    /// </summary>
    public static void InternInPlace(V1ObjectMeta metadata)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        metadata.NamespaceProperty = Intern(metadata.NamespaceProperty);
        metadata.Labels = metadata.Labels is { } labels ? Labels(labels) : null;
        foreach (var owner in metadata.OwnerReferences ?? [])
        {
            owner.ApiVersion = Intern(owner.ApiVersion);
            owner.Kind = Intern(owner.Kind);
        }
    }

    // Keys come from a handful of conventions; values are often names, unique per object, and are kept as they are.
    private static Dictionary<string, string> Labels(IDictionary<string, string> labels)
    {
        var copy = new Dictionary<string, string>(labels.Count, StringComparer.Ordinal);
        foreach (var (key, value) in labels)
        {
            copy[string.Intern(key)] = value;
        }

        return copy;
    }

    private static V1OwnerReference Owner(V1OwnerReference owner) => new()
    {
        ApiVersion = Intern(owner.ApiVersion),
        Kind = Intern(owner.Kind),
        Name = owner.Name,
        Uid = owner.Uid,
        Controller = owner.Controller,
        BlockOwnerDeletion = owner.BlockOwnerDeletion,
    };
}
