using System.Text.Json.Nodes;
using ClusterOperator.Sandbox.Resources;

namespace ClusterOperator.Sandbox.Admission;

/// <summary>One write as admission sees it. <see cref="Object"/> is null on DELETE, <see cref="OldObject"/> on CREATE.</summary>
internal sealed record AdmissionAttributes(
    string Operation,
    ResourceDefinition Definition,
    string? Subresource,
    string Namespace,
    string Name,
    JsonObject? Object,
    JsonObject? OldObject,
    RequestUser User,
    bool DryRun)
{
    /// <summary>The <c>request</c> variable of a ValidatingAdmissionPolicy (an AdmissionRequest).</summary>
    public JsonObject Request()
    {
        var kind = new JsonObject { ["group"] = Definition.Group, ["version"] = Definition.Version, ["kind"] = Definition.Kind };
        var resource = new JsonObject
        {
            ["group"] = Definition.Group, ["version"] = Definition.Version, ["resource"] = Definition.Resource,
        };
        return new JsonObject
        {
            ["kind"] = kind,
            ["resource"] = resource,
            ["subResource"] = Subresource ?? string.Empty,
            ["requestKind"] = kind.DeepClone(),
            ["requestResource"] = resource.DeepClone(),
            ["name"] = Name,
            ["namespace"] = Namespace,
            ["operation"] = Operation,
            ["userInfo"] = new JsonObject
            {
                ["username"] = User.Name,
                ["groups"] = new JsonArray(User.Groups.Select(group => (JsonNode?)group).ToArray()),
            },
            ["dryRun"] = DryRun,
        };
    }
}
