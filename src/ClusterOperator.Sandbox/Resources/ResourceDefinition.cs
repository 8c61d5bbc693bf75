using ClusterOperator.Sandbox.Storage;

namespace ClusterOperator.Sandbox.Resources;

/// <summary>One served resource in one group/version: its names, verbs, scope and behaviour.</summary>
internal sealed class ResourceDefinition
{
    public static readonly IReadOnlyList<string> AllVerbs =
        ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"];

    public static readonly IReadOnlyList<string> StatusVerbs = ["get", "patch", "update"];

    public required string Group { get; init; }

    public required string Version { get; init; }

    /// <summary>The plural resource name used in URLs.</summary>
    public required string Resource { get; init; }

    public required string Kind { get; init; }

    public required string Singular { get; init; }

    public required bool Namespaced { get; init; }

    public IReadOnlyList<string> Verbs { get; init; } = AllVerbs;

    public IReadOnlyList<string> ShortNames { get; init; } = [];

    public IReadOnlyList<string> Categories { get; init; } = [];

    public IReadOnlyList<SubresourceDefinition> Subresources { get; init; } = [];

    /// <summary>Where the objects live; differs from Group/Resource when two groups serve the same objects.</summary>
    public GroupResource? StorageOverride { get; init; }

    public ResourceBehavior Behavior { get; init; } = ResourceBehavior.Default;

    /// <summary>Whether metadata.generation is maintained (bumped when anything but metadata and status changes).</summary>
    public bool TracksGeneration { get; init; }

    /// <summary>Whether DELETE answers with the deleted object rather than a Status (as the OpenAPI spec says).</summary>
    public bool ReturnsDeletedObject { get; init; }

    public NameRule NameRule { get; init; } = NameRule.Subdomain;

    /// <summary>Whether the resource is also stored; false for write-only virtual resources.</summary>
    public bool Stored { get; init; } = true;

    public GroupResource Storage => StorageOverride ?? new GroupResource(Group, Resource);

    public string ApiVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";

    public string ListKind => Kind + "List";

    public bool HasStatus => Subresources.Any(s => s.Name == "status");

    public string QualifiedResource => Group.Length == 0 ? Resource : $"{Resource}.{Group}";

    public string QualifiedKind => Group.Length == 0 ? Kind : $"{Kind}.{Group}";

    public bool Supports(string verb) => Verbs.Contains(verb);
}
