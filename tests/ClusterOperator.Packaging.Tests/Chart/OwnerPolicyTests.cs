using System.Text.Json.Nodes;
using Cel;

namespace ClusterOperator.Packaging.Tests.Chart;

/// <summary>
/// The ValidatingAdmissionPolicy that stops owner forgery. Its CEL is evaluated here with a CEL interpreter on
/// the same variables the API server passes (request, object, oldObject).
/// </summary>
public sealed class OwnerPolicyTests
{
    private const string OperatorUser = "system:serviceaccount:clusteroperator-system:cluster-operator";

    [Theory]
    [InlineData("CREATE", "alice", "team-a", "alice", null, true)]
    [InlineData("CREATE", "alice", "team-a", null, null, true)]
    [InlineData("CREATE", "alice", "team-a", "team-a", null, true)]
    [InlineData("CREATE", "alice", "team-a", "bob", null, false)]
    [InlineData("CREATE", "alice", "team-a", "team-b", null, false)]
    [InlineData("UPDATE", "carol", "team-a", "bob", "bob", true)]
    [InlineData("UPDATE", "alice", "team-a", "bob", "alice", false)]
    [InlineData("UPDATE", "alice", "team-a", "bob", null, false)]
    [InlineData("UPDATE", "alice", "team-a", "alice", "bob", true)]
    public async Task Owner_may_be_only_the_requesting_user_or_the_namespace(
        string operation, string user, string ns, string? owner, string? oldOwner, bool allowed)
    {
        var policy = await RenderPolicyAsync();
        var request = new AdmissionRequest(operation, user, ns, owner, oldOwner);

        Assert.True(Evaluate(MatchCondition(policy), request), "The policy should apply to this user.");
        Assert.Equal(allowed, Evaluate(Validation(policy)["expression"]!, request));
    }

    [Fact]
    public async Task The_operator_may_create_runs_for_any_owner_on_promotion()
    {
        var policy = await RenderPolicyAsync();

        Assert.False(Evaluate(MatchCondition(policy), new AdmissionRequest("CREATE", OperatorUser, "team-a", "bob")));
        Assert.True(Evaluate(MatchCondition(policy), new AdmissionRequest("CREATE", "system:serviceaccount:team-a:default", "team-a", "bob")));
    }

    [Fact]
    public async Task A_denial_names_the_user_and_the_namespace()
    {
        var policy = await RenderPolicyAsync();

        var message = new CelEnvironment(null, null).Program(
            (string)Validation(policy)["messageExpression"]!,
            new AdmissionRequest("CREATE", "alice", "team-a", "bob").Variables());

        Assert.Equal(
            "spec.owner may only be your own user name (alice) or the namespace (team-a); leave it unset to charge the namespace",
            message);
        Assert.Equal("Forbidden", (string?)Validation(policy)["reason"]);
    }

    [Fact]
    public async Task The_policy_covers_creates_and_updates_of_both_kinds_and_denies()
    {
        var chart = await RenderedCharts.Defaults;
        var policy = chart.Single("ValidatingAdmissionPolicy");
        var binding = chart.Single("ValidatingAdmissionPolicyBinding");

        var rule = policy["spec"]!["matchConstraints"]!["resourceRules"]!.AsArray().Single()!;
        Assert.Equal(["training.clusteroperator.io"], rule["apiGroups"]!.AsArray().Select(g => (string?)g));
        Assert.Equal(["ideaexperiments", "trainingruns"], rule["resources"]!.AsArray().Select(r => (string?)r).Order(StringComparer.Ordinal));
        Assert.Equal(["CREATE", "UPDATE"], rule["operations"]!.AsArray().Select(o => (string?)o).Order(StringComparer.Ordinal));
        Assert.Equal("Fail", (string?)policy["spec"]!["failurePolicy"]);
        Assert.Equal((string?)policy["metadata"]!["name"], (string?)binding["spec"]!["policyName"]);
        Assert.Equal(["Deny"], binding["spec"]!["validationActions"]!.AsArray().Select(a => (string?)a));
    }

    [Fact]
    public async Task The_policy_can_be_turned_off()
    {
        var chart = await HelmChart.RenderAsync(ChartValues.Defaults.Set("ownerPolicy.enabled=false"));

        Assert.False(chart.Has("ValidatingAdmissionPolicy"));
        Assert.False(chart.Has("ValidatingAdmissionPolicyBinding"));
    }

    private static async Task<JsonObject> RenderPolicyAsync() =>
        (await RenderedCharts.Defaults).Single("ValidatingAdmissionPolicy");

    private static JsonNode MatchCondition(JsonObject policy) =>
        policy["spec"]!["matchConditions"]!.AsArray().Single()!["expression"]!;

    private static JsonObject Validation(JsonObject policy) =>
        policy["spec"]!["validations"]!.AsArray().Single()!.AsObject();

    private static bool Evaluate(JsonNode expression, AdmissionRequest request) =>
        (bool)new CelEnvironment(null, null).Program((string)expression!, request.Variables())!;
}
