namespace ClusterOperator.Sandbox.Patching;

/// <summary>
/// Merge behaviour of list fields, keyed by the dotted field path with list items transparent: for a pod,
/// "spec.containers" and "spec.containers.env" (the env list inside each container). Lists not named are atomic.
/// </summary>
internal sealed class PatchSchema
{
    private readonly Dictionary<string, ListStrategy> _lists;

    public PatchSchema(IReadOnlyDictionary<string, ListStrategy> lists) =>
        _lists = new Dictionary<string, ListStrategy>(lists, StringComparer.Ordinal);

    public static PatchSchema Empty { get; } = new(new Dictionary<string, ListStrategy>());

    /// <summary>The metadata lists every kind shares.</summary>
    public static IReadOnlyDictionary<string, ListStrategy> MetadataLists { get; } = new Dictionary<string, ListStrategy>
    {
        ["metadata.finalizers"] = ListStrategy.Set,
        ["metadata.ownerReferences"] = ListStrategy.MapBy("uid"),
    };

    public ListStrategy For(string path) => _lists.GetValueOrDefault(path) ?? ListStrategy.Atomic;

    /// <summary>The merge keys of a pod spec, rooted at the given path (e.g. "spec" or "spec.template.spec").</summary>
    public static IEnumerable<KeyValuePair<string, ListStrategy>> PodSpecLists(string root)
    {
        foreach (var containers in new[] { "containers", "initContainers", "ephemeralContainers" })
        {
            var prefix = $"{root}.{containers}";
            yield return new(prefix, ListStrategy.MapBy("name"));
            yield return new($"{prefix}.env", ListStrategy.MapBy("name"));
            yield return new($"{prefix}.ports", ListStrategy.MapBy("containerPort", "protocol"));
            yield return new($"{prefix}.volumeMounts", ListStrategy.MapBy("mountPath"));
            yield return new($"{prefix}.volumeDevices", ListStrategy.MapBy("devicePath"));
        }

        yield return new($"{root}.volumes", ListStrategy.MapBy("name"));
        yield return new($"{root}.imagePullSecrets", ListStrategy.MapBy("name"));
        yield return new($"{root}.hostAliases", ListStrategy.MapBy("ip"));
    }

    public static PatchSchema Build(params IEnumerable<KeyValuePair<string, ListStrategy>>[] parts)
    {
        var lists = new Dictionary<string, ListStrategy>(MetadataLists, StringComparer.Ordinal);
        foreach (var part in parts)
        {
            foreach (var (path, strategy) in part)
            {
                lists[path] = strategy;
            }
        }

        return new PatchSchema(lists);
    }
}
