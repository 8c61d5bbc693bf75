using System.Text.Json.Nodes;
using ClusterOperator.Sandbox.Resources;

namespace ClusterOperator.Sandbox.Http;

/// <summary>
/// Legacy (unaggregated) discovery: /api, /api/v1, /apis, /apis/{group} and /apis/{group}/{version}.
/// Clients that ask for aggregated discovery get these plain documents and fall back, as they do against
/// older servers.
/// </summary>
internal static class DiscoveryDocuments
{
    public static JsonObject Versions(string serverAddress) => new()
    {
        ["kind"] = "APIVersions",
        ["versions"] = new JsonArray("v1"),
        ["serverAddressByClientCIDRs"] = new JsonArray(new JsonObject
        {
            ["clientCIDR"] = "0.0.0.0/0",
            ["serverAddress"] = serverAddress,
        }),
    };

    public static JsonObject GroupList(ResourceRegistry registry) => new()
    {
        ["kind"] = "APIGroupList",
        ["apiVersion"] = "v1",
        ["groups"] = new JsonArray(registry.Groups.Where(g => g.Group.Length > 0)
            .Select(g => (JsonNode)Group(g.Group, g.Versions)).ToArray()),
    };

    public static JsonObject? GroupDocument(ResourceRegistry registry, string group)
    {
        var found = registry.Groups.FirstOrDefault(g => g.Group == group);
        if (found.Versions is null)
        {
            return null;
        }

        var document = Group(group, found.Versions);
        document["kind"] = "APIGroup";
        document["apiVersion"] = "v1";
        return document;
    }

    public static JsonObject? ResourceList(ResourceRegistry registry, string group, string version)
    {
        var definitions = registry.Definitions.Where(d => d.Group == group && d.Version == version).ToList();
        if (definitions.Count == 0)
        {
            return null;
        }

        var resources = new JsonArray();
        foreach (var definition in definitions)
        {
            var entry = new JsonObject
            {
                ["name"] = definition.Resource,
                ["singularName"] = definition.Singular,
                ["namespaced"] = definition.Namespaced,
                ["kind"] = definition.Kind,
                ["verbs"] = Strings(definition.Verbs),
            };
            if (definition.ShortNames.Count > 0)
            {
                entry["shortNames"] = Strings(definition.ShortNames);
            }

            if (definition.Categories.Count > 0)
            {
                entry["categories"] = Strings(definition.Categories);
            }

            resources.Add(entry);
            foreach (var subresource in definition.Subresources)
            {
                var sub = new JsonObject
                {
                    ["name"] = $"{definition.Resource}/{subresource.Name}",
                    ["singularName"] = string.Empty,
                    ["namespaced"] = definition.Namespaced,
                    ["kind"] = subresource.Kind.Length > 0 ? subresource.Kind : definition.Kind,
                    ["verbs"] = Strings(subresource.Verbs),
                };
                if (subresource.Group is not null)
                {
                    sub["group"] = subresource.Group;
                    sub["version"] = subresource.Version;
                }

                resources.Add(sub);
            }
        }

        return new JsonObject
        {
            ["kind"] = "APIResourceList",
            ["apiVersion"] = "v1",
            ["groupVersion"] = group.Length == 0 ? version : $"{group}/{version}",
            ["resources"] = resources,
        };
    }

    private static JsonObject Group(string name, IReadOnlyList<string> versions)
    {
        JsonObject Version(string version) => new() { ["groupVersion"] = $"{name}/{version}", ["version"] = version };
        return new JsonObject
        {
            ["name"] = name,
            ["versions"] = new JsonArray(versions.Select(v => (JsonNode)Version(v)).ToArray()),
            ["preferredVersion"] = Version(versions[0]),
        };
    }

    private static JsonArray Strings(IEnumerable<string> values) => new(values.Select(v => (JsonNode?)v).ToArray());
}
