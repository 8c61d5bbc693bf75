using System.Text.Json.Nodes;
using ClusterOperator.Sandbox.Json;

namespace ClusterOperator.Sandbox.Admission;

/// <summary>One entry of <c>resourceRules</c>: which groups, versions, operations, resources and scope a policy covers.</summary>
internal sealed record ResourceRule(
    IReadOnlyList<string> ApiGroups,
    IReadOnlyList<string> ApiVersions,
    IReadOnlyList<string> Operations,
    IReadOnlyList<string> Resources,
    IReadOnlyList<string> ResourceNames,
    string Scope)
{
    public static ResourceRule FromJson(JsonObject rule) => new(
        Strings(rule, "apiGroups"),
        Strings(rule, "apiVersions"),
        Strings(rule, "operations"),
        Strings(rule, "resources"),
        Strings(rule, "resourceNames"),
        JsonNodes.GetString(rule, "scope") ?? "*");

    public static IReadOnlyList<ResourceRule> ListFromJson(JsonNode? rules) =>
        (rules as JsonArray)?.OfType<JsonObject>().Select(FromJson).ToList() ?? [];

    public bool Matches(AdmissionAttributes request)
    {
        var definition = request.Definition;
        return Covers(ApiGroups, definition.Group) &&
               Covers(ApiVersions, definition.Version) &&
               Covers(Operations, request.Operation) &&
               Resources.Any(pattern => ResourceMatches(pattern, definition.Resource, request.Subresource)) &&
               (ResourceNames.Count == 0 || ResourceNames.Contains(request.Name)) &&
               Scope switch
               {
                   "Namespaced" => definition.Namespaced,
                   "Cluster" => !definition.Namespaced,
                   _ => true,
               };
    }

    /// <summary>"pods" matches the resource only, "pods/status" one subresource, "*" every resource, "*/*" everything.</summary>
    private static bool ResourceMatches(string pattern, string resource, string? subresource)
    {
        var slash = pattern.IndexOf('/', StringComparison.Ordinal);
        var resourcePattern = slash < 0 ? pattern : pattern[..slash];
        var subresourcePattern = slash < 0 ? null : pattern[(slash + 1)..];
        return (resourcePattern == "*" || resourcePattern == resource) &&
               (subresourcePattern == "*" || subresourcePattern == subresource);
    }

    private static bool Covers(IReadOnlyList<string> values, string value) => values.Contains("*") || values.Contains(value);

    private static List<string> Strings(JsonObject rule, string field) =>
        JsonNodes.GetArray(rule, field)?.Select(JsonNodes.ScalarText).OfType<string>().ToList() ?? [];
}
