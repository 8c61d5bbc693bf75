using System.Text.Json.Nodes;
using ClusterOperator.Sandbox.Cel;
using ClusterOperator.Sandbox.Errors;
using ClusterOperator.Sandbox.Json;
using ClusterOperator.Sandbox.Selectors;

namespace ClusterOperator.Sandbox.Admission;

/// <summary>
/// A ValidatingAdmissionPolicy with its CEL compiled. <see cref="Compile"/> reports every problem as a field error,
/// worded as the API server words them, so an unsupported policy is refused when it is created instead of
/// being half enforced.
/// </summary>
internal sealed class CompiledPolicy
{
    public static readonly IReadOnlySet<string> Variables = new HashSet<string>(StringComparer.Ordinal) { "object", "oldObject", "request" };

    private static readonly string[] Reasons = ["Unauthorized", "Forbidden", "Invalid", "RequestEntityTooLarge"];

    private CompiledPolicy(string name)
    {
        Name = name;
    }

    public string Name { get; }

    /// <summary>Whether an expression that errors denies the request (failurePolicy Fail, the default) or is skipped.</summary>
    public bool FailClosed { get; private init; } = true;

    public IReadOnlyList<ResourceRule> ResourceRules { get; private init; } = [];

    public IReadOnlyList<ResourceRule> ExcludeResourceRules { get; private init; } = [];

    public LabelSelector NamespaceSelector { get; private init; } = LabelSelector.Everything;

    public LabelSelector ObjectSelector { get; private init; } = LabelSelector.Everything;

    public IReadOnlyList<PolicyMatchCondition> MatchConditions { get; private init; } = [];

    public IReadOnlyList<PolicyValidation> Validations { get; private init; } = [];

    public static CompiledPolicy Compile(JsonObject policy, List<FieldError> errors)
    {
        var spec = JsonNodes.GetObject(policy, "spec") ?? [];
        foreach (var unsupported in new[] { "paramKind", "variables" })
        {
            if (spec[unsupported] is not null)
            {
                errors.Add(FieldError.Forbidden($"spec.{unsupported}", "not supported by the sandbox's admission"));
            }
        }

        var failurePolicy = JsonNodes.GetString(spec, "failurePolicy") ?? "Fail";
        if (failurePolicy is not ("Fail" or "Ignore"))
        {
            errors.Add(FieldError.NotSupported("spec.failurePolicy", failurePolicy, ["\"Fail\"", "\"Ignore\""]));
        }

        var constraints = JsonNodes.GetObject(spec, "matchConstraints");
        if (constraints is null)
        {
            errors.Add(FieldError.Required("spec.matchConstraints"));
        }

        var conditions = new List<PolicyMatchCondition>();
        foreach (var (condition, index) in Entries(spec, "matchConditions"))
        {
            var field = $"spec.matchConditions[{index}]";
            if (CompileField(condition, "expression", field, errors, required: true) is { } program)
            {
                conditions.Add(new PolicyMatchCondition(JsonNodes.GetString(condition, "name") ?? string.Empty, program));
            }
        }

        var validations = new List<PolicyValidation>();
        foreach (var (validation, index) in Entries(spec, "validations"))
        {
            var field = $"spec.validations[{index}]";
            var reason = JsonNodes.GetString(validation, "reason") ?? "Invalid";
            if (!Reasons.Contains(reason))
            {
                errors.Add(FieldError.NotSupported($"{field}.reason", reason, Reasons.Select(r => $"\"{r}\"")));
            }

            var expression = CompileField(validation, "expression", field, errors, required: true);
            var messageExpression = CompileField(validation, "messageExpression", field, errors, required: false);
            if (expression is not null)
            {
                validations.Add(new PolicyValidation(expression, JsonNodes.GetString(validation, "message"), messageExpression, reason));
            }
        }

        return new CompiledPolicy(JsonNodes.GetString(policy, "metadata", "name") ?? string.Empty)
        {
            FailClosed = failurePolicy != "Ignore",
            ResourceRules = ResourceRule.ListFromJson(constraints?["resourceRules"]),
            ExcludeResourceRules = ResourceRule.ListFromJson(constraints?["excludeResourceRules"]),
            NamespaceSelector = Selector(constraints?["namespaceSelector"], "spec.matchConstraints.namespaceSelector", errors),
            ObjectSelector = Selector(constraints?["objectSelector"], "spec.matchConstraints.objectSelector", errors),
            MatchConditions = conditions,
            Validations = validations,
        };
    }

    public static LabelSelector Selector(JsonNode? selector, string field, List<FieldError> errors)
    {
        try
        {
            return ObjectSelectors.Parse(selector);
        }
        catch (FormatException exception)
        {
            errors.Add(FieldError.Invalid(field, selector, exception.Message));
            return LabelSelector.Everything;
        }
    }

    private static IEnumerable<(JsonObject Entry, int Index)> Entries(JsonObject spec, string field) =>
        (JsonNodes.GetArray(spec, field) ?? []).Select((entry, index) => (entry as JsonObject ?? [], index));

    private static CelProgram? CompileField(JsonObject entry, string name, string field, List<FieldError> errors, bool required)
    {
        var source = JsonNodes.GetString(entry, name);
        if (string.IsNullOrWhiteSpace(source))
        {
            if (required)
            {
                errors.Add(FieldError.Required($"{field}.{name}"));
            }

            return null;
        }

        try
        {
            return CelProgram.Compile(source, Variables);
        }
        catch (CelCompileException exception)
        {
            errors.Add(FieldError.Invalid($"{field}.{name}", source, $"compilation failed: {exception.Message}"));
            return null;
        }
    }
}
