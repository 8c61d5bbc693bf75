using System.Text.Json.Nodes;
using ClusterOperator.Sandbox.Admission;
using ClusterOperator.Sandbox.Errors;

namespace ClusterOperator.Sandbox.Resources;

/// <summary>
/// A ValidatingAdmissionPolicy is refused (422) when its CEL does not compile, as the API server refuses it, and
/// also when it uses CEL or fields outside what the sandbox enforces: a policy must never be stored and then ignored.
/// </summary>
internal sealed class ValidatingAdmissionPolicyBehavior : ResourceBehavior
{
    public override void Validate(JsonObject obj, JsonObject? old, ResourceDefinition definition, List<FieldError> errors,
        OperationContext context) =>
        CompiledPolicy.Compile(obj, errors);
}
