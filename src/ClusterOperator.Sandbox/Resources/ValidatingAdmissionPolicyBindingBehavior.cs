using System.Text.Json.Nodes;
using ClusterOperator.Sandbox.Admission;
using ClusterOperator.Sandbox.Errors;
using ClusterOperator.Sandbox.Json;

namespace ClusterOperator.Sandbox.Resources;

/// <summary>Validates a ValidatingAdmissionPolicyBinding as the API server does, and refuses parameters, which the sandbox does not enforce.</summary>
internal sealed class ValidatingAdmissionPolicyBindingBehavior : ResourceBehavior
{
    private static readonly string[] Actions = ["Deny", "Warn", "Audit"];

    public override void Validate(JsonObject obj, JsonObject? old, ResourceDefinition definition, List<FieldError> errors,
        OperationContext context)
    {
        if (string.IsNullOrEmpty(JsonNodes.GetString(obj, "spec", "policyName")))
        {
            errors.Add(FieldError.Required("spec.policyName"));
        }

        if (JsonNodes.Navigate(obj, "spec", "paramRef") is not null)
        {
            errors.Add(FieldError.Forbidden("spec.paramRef", "not supported by the sandbox's admission"));
        }

        var actions = JsonNodes.GetArray(obj, "spec", "validationActions")?.Select(JsonNodes.ScalarText).ToList() ?? [];
        if (actions.Count == 0)
        {
            errors.Add(FieldError.Required("spec.validationActions"));
        }

        foreach (var (action, index) in actions.Select((action, index) => (action, index)))
        {
            if (!Actions.Contains(action))
            {
                errors.Add(FieldError.NotSupported($"spec.validationActions[{index}]", action, Actions.Select(a => $"\"{a}\"")));
            }
        }

        if (JsonNodes.GetObject(obj, "spec", "matchResources") is { } matchResources)
        {
            CompiledPolicy.Selector(matchResources["namespaceSelector"], "spec.matchResources.namespaceSelector", errors);
            CompiledPolicy.Selector(matchResources["objectSelector"], "spec.matchResources.objectSelector", errors);
        }
    }
}
