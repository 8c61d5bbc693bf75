using System.Text.Json.Nodes;
using ClusterOperator.Sandbox.Cel;
using ClusterOperator.Sandbox.Errors;
using ClusterOperator.Sandbox.Json;
using ClusterOperator.Sandbox.Resources;
using ClusterOperator.Sandbox.Selectors;
using ClusterOperator.Sandbox.Storage;

namespace ClusterOperator.Sandbox.Admission;

/// <summary>
/// Enforces ValidatingAdmissionPolicies through their bindings, as the API server's admission chain does after
/// schema validation: match the request (resource rules, selectors, matchConditions), evaluate each validation,
/// and deny, warn or audit as the binding's validationActions say. Runs inside the store transaction of the write.
/// </summary>
internal sealed class PolicyAdmission
{
    public static readonly GroupResource Policies = new("admissionregistration.k8s.io", "validatingadmissionpolicies");
    public static readonly GroupResource Bindings = new("admissionregistration.k8s.io", "validatingadmissionpolicybindings");

    private static readonly GroupResource Namespaces = new(string.Empty, "namespaces");

    /// <summary>Compiled policies by uid and resourceVersion; only touched under the store's write lock.</summary>
    private readonly Dictionary<string, (long ResourceVersion, CompiledPolicy Policy, IReadOnlyList<FieldError> Errors)> _compiled = [];

    public void Admit(ObjectStore.StoreTransaction tx, AdmissionAttributes request, OperationContext context)
    {
        foreach (var binding in tx.List(Bindings, null).ToList())
        {
            var policyName = JsonNodes.GetString(binding.Object, "spec", "policyName") ?? string.Empty;
            if (tx.Get(Policies, string.Empty, policyName) is not { } stored)
            {
                continue;
            }

            var (policy, compileErrors) = Compiled(stored);
            var bindingName = binding.Name;
            var decision = Decide(tx, policy, compileErrors, binding.Object, request);
            if (decision is null)
            {
                continue;
            }

            var actions = JsonNodes.GetArray(binding.Object, "spec", "validationActions")?.Select(JsonNodes.ScalarText).ToList() ?? [];
            if (actions.Contains("Warn"))
            {
                context.Warnings.Add($"Validation failed for ValidatingAdmissionPolicy '{policy.Name}' with binding '{bindingName}': {decision.Value.Message}");
            }

            if (actions.Contains("Deny"))
            {
                var message = $"ValidatingAdmissionPolicy '{policy.Name}' with binding '{bindingName}' denied request: {decision.Value.Message}";
                // Details as the API server sends them, so kubectl prints "The trainingruns "x" is invalid: : <message>".
                var details = new JsonObject { ["name"] = request.Name };
                if (request.Definition.Group.Length > 0)
                {
                    details["group"] = request.Definition.Group;
                }

                details["kind"] = request.Definition.Resource;
                details["causes"] = new JsonArray(new JsonObject { ["message"] = message, ["field"] = string.Empty });
                throw new ApiException(decision.Value.Code, decision.Value.Reason, message, details);
            }
        }
    }

    /// <summary>Null when the policy lets the request through (or does not apply); otherwise why it fails.</summary>
    private static (int Code, string Reason, string Message)? Decide(ObjectStore.StoreTransaction tx, CompiledPolicy policy,
        IReadOnlyList<FieldError> compileErrors, JsonObject binding, AdmissionAttributes request)
    {
        if (!Matches(tx, policy.ResourceRules, policy.ExcludeResourceRules, policy.NamespaceSelector, policy.ObjectSelector, request))
        {
            return null;
        }

        var bindingErrors = new List<FieldError>();
        var matchResources = JsonNodes.GetObject(binding, "spec", "matchResources");
        if (matchResources is not null)
        {
            var rules = ResourceRule.ListFromJson(matchResources["resourceRules"]);
            var namespaces = CompiledPolicy.Selector(matchResources["namespaceSelector"], "spec.matchResources.namespaceSelector", bindingErrors);
            var objects = CompiledPolicy.Selector(matchResources["objectSelector"], "spec.matchResources.objectSelector", bindingErrors);
            if (bindingErrors.Count == 0 && !Matches(tx, rules.Count == 0 ? null : rules,
                    ResourceRule.ListFromJson(matchResources["excludeResourceRules"]), namespaces, objects, request))
            {
                return null;
            }
        }

        var failures = compileErrors.Concat(bindingErrors).ToList();
        if (failures.Count > 0)
        {
            return policy.FailClosed
                ? (422, "Invalid", $"the policy cannot be evaluated: {string.Join("; ", failures.Select(f => f.Text))}")
                : null;
        }

        var variables = new Dictionary<string, JsonNode?>(StringComparer.Ordinal)
        {
            ["object"] = request.Object,
            ["oldObject"] = request.OldObject,
            ["request"] = request.Request(),
        };
        foreach (var condition in policy.MatchConditions)
        {
            try
            {
                if (condition.Expression.Evaluate(variables) is not bool matched)
                {
                    throw new CelEvaluationException("the matchCondition did not evaluate to a bool");
                }

                if (!matched)
                {
                    return null;
                }
            }
            catch (CelEvaluationException exception)
            {
                return policy.FailClosed
                    ? (422, "Invalid", $"failed to evaluate matchCondition '{condition.Name}': {exception.Message}")
                    : null;
            }
        }

        foreach (var validation in policy.Validations)
        {
            try
            {
                if (validation.Expression.Evaluate(variables) is not bool valid)
                {
                    throw new CelEvaluationException("the validation expression did not evaluate to a bool");
                }

                if (!valid)
                {
                    return (validation.Code, validation.Reason, Message(validation, variables));
                }
            }
            catch (CelEvaluationException exception)
            {
                if (policy.FailClosed)
                {
                    return (422, "Invalid", $"expression '{validation.Expression.Source}' resulted in error: {exception.Message}");
                }
            }
        }

        return null;
    }

    /// <summary>messageExpression when it yields a one-line string, else message, else the failed expression.</summary>
    private static string Message(PolicyValidation validation, IReadOnlyDictionary<string, JsonNode?> variables)
    {
        if (validation.MessageExpression is { } expression)
        {
            try
            {
                if (expression.Evaluate(variables) is string { Length: > 0 } text && !text.Contains('\n', StringComparison.Ordinal))
                {
                    return text;
                }
            }
            catch (CelEvaluationException)
            {
                // The API server falls back to the static message when messageExpression fails.
            }
        }

        return string.IsNullOrEmpty(validation.Message) ? $"failed expression: {validation.Expression.Source}" : validation.Message;
    }

    private static bool Matches(ObjectStore.StoreTransaction tx, IReadOnlyList<ResourceRule>? rules, IReadOnlyList<ResourceRule> excluded,
        LabelSelector namespaces, LabelSelector objects, AdmissionAttributes request)
    {
        if ((rules is not null && !rules.Any(rule => rule.Matches(request))) || excluded.Any(rule => rule.Matches(request)))
        {
            return false;
        }

        if (!objects.IsEmpty && !new[] { request.Object, request.OldObject }.Any(obj => obj is not null && objects.Matches(obj)))
        {
            return false;
        }

        if (namespaces.IsEmpty)
        {
            return true;
        }

        // A namespace matches on its own labels; other cluster-scoped objects are never skipped by a namespaceSelector.
        var definition = request.Definition;
        if (definition is { Group: "", Resource: "namespaces" })
        {
            return namespaces.Matches(request.Object ?? request.OldObject ?? []);
        }

        return !definition.Namespaced ||
               (tx.Get(Namespaces, string.Empty, request.Namespace) is { } ns && namespaces.Matches(ns.Object));
    }

    private (CompiledPolicy Policy, IReadOnlyList<FieldError> Errors) Compiled(StoredObject stored)
    {
        if (_compiled.TryGetValue(stored.Uid, out var cached) && cached.ResourceVersion == stored.ResourceVersion)
        {
            return (cached.Policy, cached.Errors);
        }

        var errors = new List<FieldError>();
        var policy = CompiledPolicy.Compile(stored.Object, errors);
        _compiled[stored.Uid] = (stored.ResourceVersion, policy, errors);
        return (policy, errors);
    }
}
