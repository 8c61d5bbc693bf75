using System.Text.Json.Nodes;
using ClusterOperator.Sandbox.Tests.Support;
using k8s;

namespace ClusterOperator.Sandbox.Tests.Integration;

/// <summary>ValidatingAdmissionPolicies bound by a binding are enforced on every client write, as the API server does.</summary>
public sealed class AdmissionPolicyTests
{
    private const string WidgetsPath = $"/apis/{TestCrds.Group}/{TestCrds.Version}/namespaces/default/widgets";
    private const string AliceToken = "alice-token";
    private const string BobToken = "bob-token";

    /// <summary>The shape of the chart's owner policy, on the test Widget.</summary>
    private const string OwnerPolicy = """
        {"apiVersion": "admissionregistration.k8s.io/v1", "kind": "ValidatingAdmissionPolicy",
         "metadata": {"name": "owner"},
         "spec": {"failurePolicy": "Fail",
                  "matchConstraints": {"resourceRules": [{"apiGroups": ["test.clusteroperator.io"], "apiVersions": ["v1"],
                                                           "operations": ["CREATE", "UPDATE"], "resources": ["widgets"]}]},
                  "matchConditions": [{"name": "not-bob", "expression": "request.userInfo.username != 'bob'"}],
                  "validations": [{"expression": "object.spec.owner == request.userInfo.username || object.spec.owner == request.namespace || (request.operation == 'UPDATE' && oldObject.spec.owner == object.spec.owner)",
                                   "messageExpression": "'spec.owner may only be ' + request.userInfo.username",
                                   "reason": "Forbidden"}]}}
        """;

    [Fact]
    public async Task A_forged_owner_is_denied_with_the_policy_message_and_an_own_owner_is_allowed()
    {
        await using var host = await StartAsync();
        using var admin = new RawApi(host);
        using var alice = new RawApi(host, AliceToken);
        await CreatePolicyAsync(admin, OwnerPolicy, "owner");

        var (forgedCode, forged, _) = await CreateWidgetAsync(alice, "forged", owner: "bob");
        var (ownCode, _, _) = await CreateWidgetAsync(alice, "own", owner: "alice");
        var (namespaceCode, _, _) = await CreateWidgetAsync(alice, "shared", owner: "default");

        Assert.Equal(403, forgedCode);
        Assert.Equal("Status", (string?)forged!["kind"]);
        Assert.Equal("Forbidden", (string?)forged["reason"]);
        Assert.Equal(
            "ValidatingAdmissionPolicy 'owner' with binding 'owner-binding' denied request: spec.owner may only be alice",
            (string?)forged["message"]);
        Assert.Equal(201, ownCode);
        Assert.Equal(201, namespaceCode);
    }

    [Fact]
    public async Task Match_conditions_exempt_a_user_and_updates_that_keep_the_owner_pass()
    {
        await using var host = await StartAsync();
        using var admin = new RawApi(host);
        using var alice = new RawApi(host, AliceToken);
        using var bob = new RawApi(host, BobToken);
        await CreatePolicyAsync(admin, OwnerPolicy, "owner");

        var (bobCode, _, _) = await CreateWidgetAsync(bob, "bobs", owner: "carol");
        var (keepCode, _, _) = await PatchAsync(alice, "bobs", """{"spec": {"size": 5}}""");
        var (changeCode, changed, _) = await PatchAsync(alice, "bobs", """{"spec": {"owner": "dave"}}""");

        Assert.Equal(201, bobCode);
        Assert.Equal(200, keepCode);
        Assert.Equal(403, changeCode);
        Assert.Contains("spec.owner may only be alice", (string?)changed!["message"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_policy_without_a_binding_enforces_nothing()
    {
        await using var host = await StartAsync();
        using var admin = new RawApi(host);
        using var alice = new RawApi(host, AliceToken);
        await admin.SendAsync(HttpMethod.Post, "/apis/admissionregistration.k8s.io/v1/validatingadmissionpolicies", OwnerPolicy,
            "application/json");

        var (code, _, _) = await CreateWidgetAsync(alice, "unbound", owner: "bob");

        Assert.Equal(201, code);
    }

    [Fact]
    public async Task Resource_rules_match_subresources_only_when_named_and_deny_all_policies_stop_updates_and_deletes()
    {
        await using var host = await StartAsync();
        using var admin = new RawApi(host);
        using var alice = new RawApi(host, AliceToken);
        await CreateWidgetAsync(alice, "frozen", owner: "alice");
        await CreatePolicyAsync(admin, DenyAll(["UPDATE", "DELETE"], "widgets", "message: frozen"), "freeze");

        var (updateCode, update, _) = await PatchAsync(alice, "frozen", """{"spec": {"size": 9}}""");
        var (statusCode, _, _) = await PatchAsync(alice, "frozen/status", """{"status": {"phase": "Ready"}}""");
        var (deleteCode, delete, _) = await alice.SendAsync(HttpMethod.Delete, $"{WidgetsPath}/frozen", "", "application/json");

        Assert.Equal(422, updateCode);
        Assert.Equal("Invalid", (string?)update!["reason"]);
        Assert.EndsWith("denied request: message: frozen", (string?)update["message"], StringComparison.Ordinal);
        Assert.Equal(200, statusCode);
        Assert.Equal(422, deleteCode);
        Assert.EndsWith("denied request: message: frozen", (string?)delete!["message"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_administrator_is_checked_too_but_the_sandboxs_own_controllers_are_not()
    {
        await using var host = await StartAsync(nodes: 1);
        using var admin = new RawApi(host);
        using var client = SandboxFixture.NewClient(host);
        await CreatePolicyAsync(admin, DenyAll(["CREATE"], "widgets", "no widgets"), "no-widgets");
        await CreatePolicyAsync(admin, Policy("frozen-pods", ["UPDATE"], "*/*", "false", "pods are frozen", group: ""), "frozen-pods");

        var (code, body, _) = await CreateWidgetAsync(admin, "by-admin", owner: "alice");
        await client.CoreV1.CreateNamespacedPodAsync(Pods.Pod("kubelet-runs-it", node: host.NodeNames[0]), "default");

        Assert.Equal(422, code);
        Assert.Contains("no widgets", (string?)body!["message"], StringComparison.Ordinal);
        var running = await Eventually.ReturnsAsync(() => client.CoreV1.ReadNamespacedPodAsync("kubelet-runs-it", "default"),
            pod => pod.Status?.Phase == "Running", "the simulated kubelet to run the pod despite the policy");
        Assert.Equal("Running", running.Status.Phase);
        var (patchCode, _, _) = await admin.SendAsync(HttpMethod.Patch, "/api/v1/namespaces/default/pods/kubelet-runs-it",
            """{"metadata": {"labels": {"a": "b"}}}""", "application/merge-patch+json");
        Assert.Equal(422, patchCode);
    }

    [Fact]
    public async Task Warn_lets_the_request_through_with_a_warning_header()
    {
        await using var host = await StartAsync();
        using var admin = new RawApi(host);
        using var alice = new RawApi(host, AliceToken);
        await CreatePolicyAsync(admin, DenyAll(["CREATE"], "widgets", "widgets are discouraged"), "discourage", actions: "\"Warn\"");

        var (code, _, response) = await CreateWidgetAsync(alice, "warned", owner: "alice");

        Assert.Equal(201, code);
        var warning = Assert.Single(response.Headers.GetValues("Warning"));
        Assert.StartsWith("299 - ", warning, StringComparison.Ordinal);
        Assert.Contains(
            "Validation failed for ValidatingAdmissionPolicy 'deny' with binding 'discourage-binding': widgets are discouraged",
            warning, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Fail", 422)]
    [InlineData("Ignore", 201)]
    public async Task An_expression_that_errors_denies_only_when_the_failure_policy_is_fail(string failurePolicy, int expected)
    {
        await using var host = await StartAsync();
        using var admin = new RawApi(host);
        using var alice = new RawApi(host, AliceToken);
        var policy = Policy("errors", ["CREATE"], "widgets", "object.spec.nonexistent == 'x'", failurePolicy: failurePolicy);
        await CreatePolicyAsync(admin, policy, "errors");

        var (code, body, _) = await CreateWidgetAsync(alice, "erring", owner: "alice");

        Assert.Equal(expected, code);
        if (expected == 422)
        {
            Assert.Contains("expression 'object.spec.nonexistent == 'x'' resulted in error: no such key: nonexistent",
                (string?)body!["message"], StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_message_expression_that_fails_falls_back_to_the_message_and_without_one_to_the_expression()
    {
        await using var host = await StartAsync();
        using var admin = new RawApi(host);
        using var alice = new RawApi(host, AliceToken);
        var policy = JsonNode.Parse(Policy("messages", ["CREATE"], "widgets", "true"))!;
        policy["spec"]!["validations"] = JsonNode.Parse("""
            [{"expression": "object.spec.size == 1 || object.spec.size == 2", "message": "static", "messageExpression": "object.spec.nothing"},
             {"expression": "object.spec.size == 2"}]
            """);
        await CreatePolicyAsync(admin, policy.ToJsonString(), "messages");
        var (first, firstBody, _) = await CreateWidgetAsync(alice, "size-three", owner: "alice", size: 3);
        var (second, secondBody, _) = await CreateWidgetAsync(alice, "size-one", owner: "alice", size: 1);

        Assert.Equal(422, first);
        Assert.EndsWith("denied request: static", (string?)firstBody!["message"], StringComparison.Ordinal);
        Assert.Equal(422, second);
        Assert.EndsWith("denied request: failed expression: object.spec.size == 2", (string?)secondBody!["message"], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("object.spec.size > 3", "spec.validations[0].expression", "the operator >")]
    [InlineData("object.spec.tags.all(t, t != '')", "spec.validations[0].expression", "the macro all()")]
    [InlineData("params.maxSize == 1", "spec.validations[0].expression", "the variable 'params'")]
    [InlineData("object.spec.size ==", "spec.validations[0].expression", "Syntax error")]
    public async Task A_policy_with_cel_the_sandbox_cannot_enforce_is_refused_with_422(string expression, string field, string detail)
    {
        await using var host = await StartAsync();
        using var admin = new RawApi(host);

        var (code, body, _) = await admin.SendAsync(HttpMethod.Post, "/apis/admissionregistration.k8s.io/v1/validatingadmissionpolicies",
            Policy("bad", ["CREATE"], "widgets", expression), "application/json");

        Assert.Equal(422, code);
        var cause = body!["details"]!["causes"]!.AsArray().Single()!;
        Assert.Equal(field, (string?)cause["field"]);
        Assert.Contains("compilation failed", (string?)cause["message"], StringComparison.Ordinal);
        Assert.Contains(detail, (string?)cause["message"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Parameters_and_unknown_validation_actions_are_refused_rather_than_ignored()
    {
        await using var host = await StartAsync();
        using var admin = new RawApi(host);
        var withParams = JsonNode.Parse(Policy("params", ["CREATE"], "widgets", "true"))!;
        withParams["spec"]!["paramKind"] = new JsonObject { ["apiVersion"] = "v1", ["kind"] = "ConfigMap" };

        var (policyCode, policy, _) = await admin.SendAsync(HttpMethod.Post,
            "/apis/admissionregistration.k8s.io/v1/validatingadmissionpolicies", withParams.ToJsonString(), "application/json");
        var (bindingCode, binding, _) = await admin.SendAsync(HttpMethod.Post,
            "/apis/admissionregistration.k8s.io/v1/validatingadmissionpolicybindings",
            """{"metadata": {"name": "b"}, "spec": {"policyName": "p", "validationActions": ["Reject"], "paramRef": {"name": "x"}}}""",
            "application/json");

        Assert.Equal(422, policyCode);
        Assert.Contains("spec.paramKind", (string?)policy!["message"], StringComparison.Ordinal);
        Assert.Equal(422, bindingCode);
        Assert.Contains("spec.paramRef", (string?)binding!["message"], StringComparison.Ordinal);
        Assert.Contains("spec.validationActions[0]", (string?)binding["message"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Selectors_on_the_binding_narrow_the_policy_to_labelled_namespaces()
    {
        await using var host = await StartAsync();
        using var admin = new RawApi(host);
        using var alice = new RawApi(host, AliceToken);
        await admin.SendAsync(HttpMethod.Post, "/api/v1/namespaces",
            """{"metadata": {"name": "guarded", "labels": {"owner-policy": "on"}}}""", "application/json");
        await admin.SendAsync(HttpMethod.Post, "/apis/admissionregistration.k8s.io/v1/validatingadmissionpolicies",
            DenyAll(["CREATE"], "widgets", "guarded"), "application/json");
        await admin.SendAsync(HttpMethod.Post, "/apis/admissionregistration.k8s.io/v1/validatingadmissionpolicybindings",
            """
            {"metadata": {"name": "guard"},
             "spec": {"policyName": "deny", "validationActions": ["Deny"],
                      "matchResources": {"namespaceSelector": {"matchExpressions": [{"key": "owner-policy", "operator": "In", "values": ["on"]}]}}}}
            """, "application/json");

        var (guarded, _, _) = await alice.SendAsync(HttpMethod.Post, WidgetsPath.Replace("/default/", "/guarded/", StringComparison.Ordinal),
            Widgets.Widget("w").ToJsonString(), "application/json");
        var (open, _, _) = await CreateWidgetAsync(alice, "w", owner: "alice");

        Assert.Equal(422, guarded);
        Assert.Equal(201, open);
    }

    [Fact]
    public async Task Each_extra_user_gets_a_kubeconfig_context_that_authenticates_as_that_user()
    {
        var directory = Directory.CreateTempSubdirectory("sandbox-users-");
        try
        {
            await using var host = await StartAsync(Path.Combine(directory.FullName, "kubeconfig"));
            using var admin = new RawApi(host);
            await CreatePolicyAsync(admin, OwnerPolicy, "owner");
            var configuration = KubernetesClientConfiguration.BuildConfigFromConfigFile(host.KubeconfigPath, currentContext: "alice");
            using var asAlice = new Kubernetes(configuration);

            var forged = await Assert.ThrowsAsync<k8s.Autorest.HttpOperationException>(() => asAlice.CustomObjects.CreateNamespacedCustomObjectAsync(
                Widgets.Widget("from-kubeconfig", owner: "bob"), TestCrds.Group, TestCrds.Version, "default", TestCrds.Plural));

            Assert.Equal(System.Net.HttpStatusCode.Forbidden, forged.Response.StatusCode);
            Assert.Contains("may only be alice", forged.Response.Content, StringComparison.Ordinal);
            Assert.Contains("sandbox-admin", await File.ReadAllTextAsync(host.KubeconfigPath!), StringComparison.Ordinal);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public void Extra_users_must_have_distinct_tokens_and_names()
    {
        var clash = new SandboxOptions { Token = "same" };
        clash.Users["alice"] = "same";
        var admin = new SandboxOptions();
        admin.Users[SandboxHost.AdminUser] = "other";

        Assert.Throws<ArgumentException>(() => new SandboxHost(clash));
        Assert.Throws<ArgumentException>(() => new SandboxHost(admin));
    }

    private static async Task<SandboxHost> StartAsync(string? kubeconfig = null, int nodes = 0)
    {
        var options = new SandboxOptions { Nodes = nodes, KubeconfigPath = kubeconfig, PodStartupDelay = TimeSpan.FromMilliseconds(50) };
        options.CustomResourceDefinitions.Add(TestCrds.Widget);
        options.Users["alice"] = AliceToken;
        options.Users["bob"] = BobToken;
        var host = new SandboxHost(options);
        await host.StartAsync();
        return host;
    }

    private static string DenyAll(string[] operations, string resource, string message) =>
        Policy("deny", operations, resource, "false", message);

    private static string Policy(string name, string[] operations, string resource, string expression, string? message = null,
        string failurePolicy = "Fail", string group = TestCrds.Group)
    {
        var validation = new JsonObject { ["expression"] = expression };
        if (message is not null)
        {
            validation["message"] = message;
        }

        return new JsonObject
        {
            ["apiVersion"] = "admissionregistration.k8s.io/v1",
            ["kind"] = "ValidatingAdmissionPolicy",
            ["metadata"] = new JsonObject { ["name"] = name },
            ["spec"] = new JsonObject
            {
                ["failurePolicy"] = failurePolicy,
                ["matchConstraints"] = new JsonObject
                {
                    ["resourceRules"] = new JsonArray(new JsonObject
                    {
                        ["apiGroups"] = new JsonArray(group),
                        ["apiVersions"] = new JsonArray("*"),
                        ["operations"] = new JsonArray(operations.Select(o => (JsonNode?)o).ToArray()),
                        ["resources"] = new JsonArray(resource),
                    }),
                },
                ["validations"] = new JsonArray(validation),
            },
        }.ToJsonString();
    }

    /// <summary>Creates the policy and a binding named "{binding}-binding" to it.</summary>
    private static async Task CreatePolicyAsync(RawApi admin, string policy, string binding, string actions = "\"Deny\"")
    {
        var policyName = (string)JsonNode.Parse(policy)!["metadata"]!["name"]!;
        var (policyCode, policyBody, _) = await admin.SendAsync(HttpMethod.Post,
            "/apis/admissionregistration.k8s.io/v1/validatingadmissionpolicies", policy, "application/json");
        Assert.True(policyCode == 201, policyBody?.ToJsonString());
        var (bindingCode, bindingBody, _) = await admin.SendAsync(HttpMethod.Post,
            "/apis/admissionregistration.k8s.io/v1/validatingadmissionpolicybindings",
            $$$"""{"metadata": {"name": "{{{binding}}}-binding"}, "spec": {"policyName": "{{{policyName}}}", "validationActions": [{{{actions}}}]}}""",
            "application/json");
        Assert.True(bindingCode == 201, bindingBody?.ToJsonString());
    }

    private static Task<(int Status, JsonNode? Body, HttpResponseMessage Response)> CreateWidgetAsync(RawApi api, string name, string owner,
        int size = 3) =>
        api.SendAsync(HttpMethod.Post, WidgetsPath, Widgets.Widget(name, size, owner).ToJsonString(), "application/json");

    private static Task<(int Status, JsonNode? Body, HttpResponseMessage Response)> PatchAsync(RawApi api, string path, string patch) =>
        api.SendAsync(HttpMethod.Patch, $"{WidgetsPath}/{path}", patch, "application/merge-patch+json");
}
