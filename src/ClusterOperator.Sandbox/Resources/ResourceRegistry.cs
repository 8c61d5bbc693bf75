using System.Text.Json.Nodes;
using ClusterOperator.Sandbox.Json;
using ClusterOperator.Sandbox.Storage;

namespace ClusterOperator.Sandbox.Resources;

/// <summary>
/// The served resources: the built-ins plus every established CRD's versions. Readers see an immutable
/// snapshot; registering a CRD swaps in a new one, so the resource is servable the moment the CRD is stored.
/// </summary>
internal sealed class ResourceRegistry
{
    private readonly Lock _gate = new();
    private readonly IReadOnlyList<ResourceDefinition> _builtIns;
    private readonly Dictionary<GroupResource, IReadOnlyList<ResourceDefinition>> _custom = [];
    private readonly Dictionary<GroupResource, string> _customStorageVersions = [];
    private volatile Snapshot _snapshot;

    public ResourceRegistry(IReadOnlyList<ResourceDefinition> builtIns)
    {
        _builtIns = builtIns;
        _snapshot = Build(0);
    }

    public long Generation => _snapshot.Generation;

    public IReadOnlyList<ResourceDefinition> Definitions => _snapshot.Definitions;

    public ResourceDefinition? Find(string group, string version, string resource) =>
        _snapshot.ByPath.GetValueOrDefault((group, version, resource));

    /// <summary>Groups in discovery order (core first, then registration order) with versions by priority.</summary>
    public IReadOnlyList<(string Group, IReadOnlyList<string> Versions)> Groups => _snapshot.Groups;

    public string StorageApiVersion(GroupResource resource) => _snapshot.StorageVersions.GetValueOrDefault(resource) ?? "v1";

    /// <summary>The definition that serves the stored version of a resource.</summary>
    public ResourceDefinition? StorageDefinition(GroupResource resource) =>
        _snapshot.StorageDefinitions.GetValueOrDefault(resource);

    public bool IsCustom(GroupResource resource) => _snapshot.CustomResources.Contains(resource);

    public void RegisterCustomResource(JsonObject crd)
    {
        var spec = JsonNodes.GetObject(crd, "spec");
        var group = JsonNodes.GetString(spec, "group") ?? string.Empty;
        var names = JsonNodes.GetObject(spec, "names");
        var plural = JsonNodes.GetString(names, "plural") ?? string.Empty;
        var kind = JsonNodes.GetString(names, "kind") ?? string.Empty;
        var namespaced = JsonNodes.GetString(spec, "scope") != "Cluster";
        var definitions = new List<ResourceDefinition>();
        string? storageVersion = null;
        foreach (var version in JsonNodes.GetArray(spec, "versions")?.OfType<JsonObject>() ?? [])
        {
            var versionName = JsonNodes.GetString(version, "name") ?? "v1";
            if (JsonNodes.GetBoolean(version, "storage") == true)
            {
                storageVersion = versionName;
            }

            if (JsonNodes.GetBoolean(version, "served") == false)
            {
                continue;
            }

            definitions.Add(CustomDefinition(group, versionName, plural, kind, namespaced, names, version));
        }

        lock (_gate)
        {
            var key = new GroupResource(group, plural);
            _custom[key] = definitions;
            _customStorageVersions[key] = storageVersion is null ? group + "/v1" : $"{group}/{storageVersion}";
            _snapshot = Build(_snapshot.Generation + 1);
        }
    }

    public void UnregisterCustomResource(GroupResource resource)
    {
        lock (_gate)
        {
            if (_custom.Remove(resource))
            {
                _customStorageVersions.Remove(resource);
                _snapshot = Build(_snapshot.Generation + 1);
            }
        }
    }

    private static ResourceDefinition CustomDefinition(string group, string version, string plural, string kind, bool namespaced,
        JsonObject? names, JsonObject versionSpec)
    {
        var subresources = new List<SubresourceDefinition>();
        if (JsonNodes.GetObject(versionSpec, "subresources", "status") is not null)
        {
            subresources.Add(new SubresourceDefinition("status", kind, ResourceDefinition.StatusVerbs));
        }

        var columns = JsonNodes.GetArray(versionSpec, "additionalPrinterColumns")?.OfType<JsonObject>()
            .Select(PrinterColumn.FromCrd).ToList() ?? [];
        var selectable = JsonNodes.GetArray(versionSpec, "selectableFields")?
            .Select(f => JsonNodes.GetString(f, "jsonPath")?.TrimStart('.'))
            .OfType<string>() ?? [];
        return new ResourceDefinition
        {
            Group = group,
            Version = version,
            Resource = plural,
            Kind = kind,
            Singular = JsonNodes.GetString(names, "singular") ?? kind.ToLowerInvariant(),
            Namespaced = namespaced,
            ShortNames = Strings(names, "shortNames"),
            Categories = Strings(names, "categories"),
            Subresources = subresources,
            Behavior = new CustomResourceBehavior(JsonNodes.GetObject(versionSpec, "schema", "openAPIV3Schema"), columns, selectable),
            TracksGeneration = true,
            ReturnsDeletedObject = true,
        };
    }

    private static List<string> Strings(JsonObject? obj, string field) =>
        JsonNodes.GetArray(obj, field)?.Select(JsonNodes.ScalarText).OfType<string>().ToList() ?? [];

    private Snapshot Build(long generation)
    {
        var definitions = _builtIns.Concat(_custom.Values.SelectMany(list => list)).ToList();
        var byPath = new Dictionary<(string, string, string), ResourceDefinition>();
        foreach (var definition in definitions)
        {
            byPath[(definition.Group, definition.Version, definition.Resource)] = definition;
        }

        var storageVersions = new Dictionary<GroupResource, string>();
        var storageDefinitions = new Dictionary<GroupResource, ResourceDefinition>();
        foreach (var definition in _builtIns.Where(d => d.StorageOverride is null && d.Stored))
        {
            storageVersions[definition.Storage] = definition.ApiVersion;
            storageDefinitions[definition.Storage] = definition;
        }

        foreach (var (resource, version) in _customStorageVersions)
        {
            storageVersions[resource] = version;
            if (_custom[resource].FirstOrDefault(d => d.ApiVersion == version) is { } served)
            {
                storageDefinitions[resource] = served;
            }
        }

        var groups = new List<(string Group, IReadOnlyList<string> Versions)>();
        foreach (var group in definitions.Select(d => d.Group).Distinct())
        {
            var versions = definitions.Where(d => d.Group == group).Select(d => d.Version).Distinct()
                .Order(VersionPriority.Instance).ToList();
            groups.Add((group, versions));
        }

        return new Snapshot(definitions, byPath, storageVersions, storageDefinitions, groups,
            _custom.Keys.ToHashSet(), generation);
    }

    private sealed record Snapshot(
        IReadOnlyList<ResourceDefinition> Definitions,
        Dictionary<(string, string, string), ResourceDefinition> ByPath,
        Dictionary<GroupResource, string> StorageVersions,
        Dictionary<GroupResource, ResourceDefinition> StorageDefinitions,
        IReadOnlyList<(string Group, IReadOnlyList<string> Versions)> Groups,
        HashSet<GroupResource> CustomResources,
        long Generation);
}
