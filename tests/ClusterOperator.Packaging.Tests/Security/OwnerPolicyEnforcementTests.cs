using ClusterOperator.Packaging.Tests.Chart;

namespace ClusterOperator.Packaging.Tests.Security;

/// <summary>
/// Owners cannot be forged, checked for real: helm installs the chart into a sandbox that enforces
/// ValidatingAdmissionPolicies, and kubectl acting as alice tries to charge her run to bob.
/// </summary>
public sealed class OwnerPolicyEnforcementTests
{
    private const string Namespace = "team-a";

    [Fact]
    public async Task With_the_policy_on_alice_cannot_name_bob_as_owner_but_may_name_herself_the_namespace_or_nobody()
    {
        await using var sandbox = await MultiUserSandbox.StartAsync("alice", "bob");
        await sandbox.InstallAsync(ChartValues.Defaults);
        (await sandbox.KubectlAsync("create", "namespace", Namespace)).EnsureSuccess();

        var forged = await CreateRunAsAsync(sandbox, "alice", "forged", owner: "bob");
        var own = await CreateRunAsAsync(sandbox, "alice", "own", owner: "alice");
        var shared = await CreateRunAsAsync(sandbox, "alice", "shared", owner: Namespace);
        var unset = await CreateRunAsAsync(sandbox, "alice", "unset", owner: null);

        Assert.False(forged.Succeeded, forged.Describe());
        Assert.Contains(
            "ValidatingAdmissionPolicy 'cluster-operator-owner' with binding 'cluster-operator-owner' denied request: " +
            "spec.owner may only be your own user name (alice) or the namespace (team-a); leave it unset to charge the namespace",
            forged.StandardError, StringComparison.Ordinal);
        Assert.Contains("(Forbidden)", forged.StandardError, StringComparison.Ordinal);
        Assert.True(own.Succeeded, own.Describe());
        Assert.True(shared.Succeeded, shared.Describe());
        Assert.True(unset.Succeeded, unset.Describe());
        var owners = (await sandbox.KubectlAsync("get", "trainingruns", "--namespace", Namespace, "--output",
            "jsonpath={range .items[*]}{.metadata.name}={.spec.owner};{end}")).EnsureSuccess();
        Assert.Equal("own=alice;shared=team-a;unset=;", owners.StandardOutput);
    }

    [Fact]
    public async Task With_the_policy_on_an_update_may_keep_a_teammates_owner_but_not_change_it_to_someone_else()
    {
        await using var sandbox = await MultiUserSandbox.StartAsync("alice", "bob");
        await sandbox.InstallAsync(ChartValues.Defaults);
        (await sandbox.KubectlAsync("create", "namespace", Namespace)).EnsureSuccess();
        (await CreateRunAsAsync(sandbox, "bob", "bobs-run", owner: "bob")).EnsureSuccess();

        var annotated = await sandbox.KubectlAsAsync("alice", "annotate", "trainingrun", "bobs-run", "--namespace", Namespace, "note=checked");
        var taken = await sandbox.KubectlAsAsync("alice", "patch", "trainingrun", "bobs-run", "--namespace", Namespace, "--type", "merge",
            "--patch", """{"spec": {"owner": "carol"}}""");

        Assert.True(annotated.Succeeded, annotated.Describe());
        Assert.False(taken.Succeeded, taken.Describe());
        Assert.Contains("spec.owner may only be your own user name (alice)", taken.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_the_policy_off_a_forged_owner_is_accepted()
    {
        await using var sandbox = await MultiUserSandbox.StartAsync("alice");
        await sandbox.InstallAsync(ChartValues.Defaults.Set("ownerPolicy.enabled=false"));
        (await sandbox.KubectlAsync("create", "namespace", Namespace)).EnsureSuccess();

        var forged = await CreateRunAsAsync(sandbox, "alice", "forged", owner: "bob");

        Assert.True(forged.Succeeded, forged.Describe());
        var owner = (await sandbox.KubectlAsync("get", "trainingrun", "forged", "--namespace", Namespace, "--output",
            "jsonpath={.spec.owner}")).EnsureSuccess();
        Assert.Equal("bob", owner.StandardOutput);
    }

    private static async Task<Tools.ToolResult> CreateRunAsAsync(MultiUserSandbox sandbox, string user, string name, string? owner)
    {
        var manifest = await sandbox.ManifestAsync(name, $$"""
            apiVersion: training.clusteroperator.io/v1alpha1
            kind: TrainingRun
            metadata:
              name: {{name}}
              namespace: {{Namespace}}
            spec:
            {{(owner is null ? "" : $"  owner: {owner}")}}
              replicas: 1
              gpusPerReplica: 1
              template:
                spec:
                  containers:
                    - name: trainer
                      image: ghcr.io/example/trainer:1.0
            """);
        return await sandbox.KubectlAsAsync(user, "create", "--filename", manifest);
    }
}
