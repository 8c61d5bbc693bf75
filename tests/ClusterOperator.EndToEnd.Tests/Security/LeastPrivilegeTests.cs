using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using ClusterOperator.EndToEnd.Tests.Support;
using ClusterOperator.Sandbox;
using k8s;

namespace ClusterOperator.EndToEnd.Tests.Security;

/// <summary>
/// Least privilege, derived rather than asserted: the operator runs as its own user in a child process against a
/// sandbox that records every request, through a workload that uses every feature (gangs, elastic runs, ideas with
/// promotion, preemption, TTL deletion, events, leader election, the scheduler-state ConfigMap). The permissions it
/// used must be exactly those config/rbac grants.
/// </summary>
public sealed class LeastPrivilegeTests
{
    private const string OperatorNamespace = "clusteroperator-system";
    private const string OperatorUser = $"system:serviceaccount:{OperatorNamespace}:cluster-operator";
    private const string Team = "team-a";
    private const string Group = "training.clusteroperator.io";
    private const string Version = "v1alpha1";

    private static readonly TimeSpan WorkloadTimeout = TimeSpan.FromMinutes(3);

    /// <summary>
    /// Grants the operator needs in situations no workload can provoke for certain, each with its reason. They must
    /// be granted, but may go unused in one run.
    /// </summary>
    private static readonly Dictionary<RbacGrant, string> Conditional = new()
    {
        [new(Group, "trainingruns", "get")] = "re-reads a run after a status write conflict",
        [new(Group, "ideaexperiments", "get")] = "re-reads an experiment after a status write conflict",
        [new(Group, "trainingruns/finalizers", "update")] =
            "pods carry blockOwnerDeletion, which OwnerReferencesPermissionEnforcement (not emulated by the sandbox) checks",
        [new(Group, "ideaexperiments/finalizers", "update")] =
            "pods carry blockOwnerDeletion, which OwnerReferencesPermissionEnforcement (not emulated by the sandbox) checks",
    };

    [Fact]
    public async Task The_operator_uses_exactly_the_permissions_config_rbac_grants()
    {
        var requests = await RecordOperatorRequestsAsync();
        var clusterRole = RbacRules.Permissions(RepositoryPaths.Combine("config", "rbac", "cluster_role.yaml"));
        var ownNamespaceRole = RbacRules.Permissions(RepositoryPaths.Combine("config", "rbac", "leader_election_role.yaml"));

        var used = requests.Select(Permission).ToHashSet();
        var denied = requests
            .Where(r => !clusterRole.Contains(Permission(r)) && !(r.Namespace == OperatorNamespace && ownNamespaceRole.Contains(Permission(r))))
            .Select(r => $"{Permission(r)} in namespace '{r.Namespace}' ({r.Path})")
            .Distinct()
            .Order(StringComparer.Ordinal)
            .ToList();
        var unusedClusterWide = clusterRole.Where(p => !used.Contains(p) && !Conditional.ContainsKey(p)).Select(p => p.ToString()).Order(StringComparer.Ordinal).ToList();
        var usedInOwnNamespace = requests.Where(r => r.Namespace == OperatorNamespace).Select(Permission).ToHashSet();
        var unusedInOwnNamespace = ownNamespaceRole.Where(p => !usedInOwnNamespace.Contains(p)).Select(p => p.ToString())
            .Order(StringComparer.Ordinal).ToList();

        Assert.NotEmpty(requests);
        Assert.DoesNotContain(requests, r => r.Resource.Length == 0);
        var missingConditional = Conditional.Where(c => !clusterRole.Contains(c.Key)).Select(c => $"{c.Key} ({c.Value})").ToList();
        Assert.True(missingConditional.Count == 0, "config/rbac lacks grants the operator needs:\n" + string.Join('\n', missingConditional));
        Assert.True(denied.Count == 0,
            "config/rbac is too narrow; the operator also needs:\n" + string.Join('\n', denied));
        Assert.True(unusedClusterWide.Count == 0 && unusedInOwnNamespace.Count == 0,
            "config/rbac grants more than the operator uses; remove from cluster_role.yaml:\n" + string.Join('\n', unusedClusterWide) +
            "\nand from leader_election_role.yaml:\n" + string.Join('\n', unusedInOwnNamespace) +
            "\nThe operator used:\n" + string.Join('\n', used.Select(p => p.ToString()).Order(StringComparer.Ordinal)));
    }

    [Fact]
    public void Config_rbac_has_no_wildcards_and_no_secrets()
    {
        var permissions = new[] { "cluster_role.yaml", "leader_election_role.yaml" }
            .SelectMany(file => RbacRules.Permissions(RepositoryPaths.Combine("config", "rbac", file)))
            .ToList();

        Assert.NotEmpty(permissions);
        Assert.DoesNotContain(permissions, p => p.Group.Contains('*', StringComparison.Ordinal) ||
                                                p.Resource.Contains('*', StringComparison.Ordinal) ||
                                                p.Verb.Contains('*', StringComparison.Ordinal));
        Assert.DoesNotContain(permissions, p => p.Resource.StartsWith("secrets", StringComparison.Ordinal));
    }

    private static RbacGrant Permission(SandboxRequest request) => new(request.Group, request.RbacResource, request.Verb);

    /// <summary>Runs the workload and returns the requests the operator's user made, after the operator has stopped.</summary>
    private static async Task<IReadOnlyList<SandboxRequest>> RecordOperatorRequestsAsync()
    {
        var home = Directory.CreateTempSubdirectory("least-privilege-");
        var options = new SandboxOptions
        {
            Nodes = 2,
            GpusPerNode = 8,
            KubeconfigPath = Path.Combine(home.FullName, "kubeconfig"),
            PodStartupDelay = TimeSpan.FromMilliseconds(100),
            RecordRequests = true,
        };
        options.Users[OperatorUser] = Guid.NewGuid().ToString("N");
        options.CustomResourceDefinitions.Add(await File.ReadAllTextAsync(RepositoryPaths.Combine("config", "crd", "crds.yaml")));
        await using var host = new SandboxHost(options);
        await host.StartAsync();
        try
        {
            using var admin = new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(host.KubeconfigPath));
            foreach (var ns in new[] { OperatorNamespace, Team })
            {
                await admin.CoreV1.CreateNamespaceAsync(new k8s.Models.V1Namespace { Metadata = new() { Name = ns } });
            }

            var operatorKubeconfig = Path.Combine(home.FullName, "operator-kubeconfig");
            var kubeconfig = await File.ReadAllTextAsync(host.KubeconfigPath!);
            await File.WriteAllTextAsync(operatorKubeconfig,
                kubeconfig.Replace("current-context: sandbox", $"current-context: \"{OperatorUser}\"", StringComparison.Ordinal));
            using var operatorProcess = await StartOperatorAsync(operatorKubeconfig);
            using var stopChurn = new CancellationTokenSource();
            var churn = AnnotateContinuallyAsync(admin, stopChurn.Token);
            try
            {
                await RunWorkloadAsync(admin, host);
            }
            finally
            {
                await stopChurn.CancelAsync();
                await churn;
                operatorProcess.Kill(entireProcessTree: true);
                await operatorProcess.WaitForExitAsync();
            }

            return host.RequestLog().Where(r => r.User == OperatorUser).ToList();
        }
        finally
        {
            home.Delete(recursive: true);
        }
    }

    private static async Task<Process> StartOperatorAsync(string kubeconfig)
    {
        var metricsPort = OperatorSandboxProcess.FreePort();
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = RepositoryPaths.Root,
        };
        foreach (var argument in new[]
        {
            Path.Combine(AppContext.BaseDirectory, "clusteroperator.dll"), "run", "--kubeconfig", kubeconfig,
            $"--Operator:OperatorNamespace={OperatorNamespace}", "--Operator:PlanInterval=1s", "--FairShare:MinRuntime=0s",
            $"--Metrics:Port={metricsPort.ToString(CultureInfo.InvariantCulture)}",
            "--LeaderElection:LeaseDuration=4s", "--LeaderElection:RenewDeadline=3s", "--LeaderElection:RetryPeriod=1s",
        })
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start clusteroperator run");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>
    /// bob's forever-running gang fills the cluster; alice's gang, carol's idea and alice's elastic run then need GPUs
    /// back, so bob is preempted. The gang has a TTL, so the operator deletes it; the idea promotes a TrainingRun.
    /// </summary>
    private static async Task RunWorkloadAsync(Kubernetes admin, SandboxHost host)
    {
        var deadline = Stopwatch.StartNew();
        await CreateAsync(admin, "trainingruns", Run("hog", "bob", replicas: 4, gpus: 4, runSeconds: null));
        await UntilAsync(async () => (await PhaseAsync(admin, "trainingruns", "hog")) == "Running", "bob's hog to run", deadline);

        await CreateAsync(admin, "trainingruns", Run("gang", "alice", replicas: 2, gpus: 4, runSeconds: 3, ttlSeconds: 1));
        await CreateAsync(admin, "ideaexperiments", Idea());
        var elastic = Run("elastic", "alice", replicas: null, gpus: 1, runSeconds: 3);
        elastic["spec"]!["elastic"] = new JsonObject { ["minReplicas"] = 1, ["maxReplicas"] = 3 };
        await CreateAsync(admin, "trainingruns", elastic);

        await UntilAsync(async () => !await ExistsAsync(admin, "trainingruns", "gang"), "alice's gang to finish and be deleted after its TTL",
            deadline);
        await UntilAsync(async () => (await PhaseAsync(admin, "trainingruns", "promoted")) == "Succeeded",
            "carol's idea to succeed and its promoted run to finish", deadline);
        await UntilAsync(async () => (await PhaseAsync(admin, "trainingruns", "elastic")) == "Succeeded", "the elastic run to finish",
            deadline);
        await UntilAsync(() => Task.FromResult(host.RequestLog().Any(r => r is { User: OperatorUser, Verb: "delete", Resource: "pods" })),
            "the operator to preempt bob's pods", deadline);
        await UntilAsync(async () => (await admin.CoreV1.ListNamespacedConfigMapAsync(OperatorNamespace)).Items.Count > 0,
            "the scheduler state ConfigMap", deadline);
    }

    /// <summary>
    /// Teammates annotate runs and ideas while the operator works, as the owner policy allows. Each annotation makes the
    /// operator's cached copy stale, so its status writes meet 409 Conflict and take the re-read path too.
    /// </summary>
    private static async Task AnnotateContinuallyAsync(Kubernetes admin, CancellationToken cancellationToken)
    {
        for (var round = 0; !cancellationToken.IsCancellationRequested; round++)
        {
            foreach (var plural in new[] { "trainingruns", "ideaexperiments" })
            {
                try
                {
                    var list = await admin.CustomObjects.ListNamespacedCustomObjectAsync<JsonObject>(Group, Version, Team, plural,
                        cancellationToken: cancellationToken);
                    foreach (var item in list["items"]!.AsArray())
                    {
                        var patch = new JsonObject
                        {
                            ["metadata"] = new JsonObject { ["annotations"] = new JsonObject { ["note"] = round.ToString(CultureInfo.InvariantCulture) } },
                        }.ToJsonString();
                        await admin.CustomObjects.PatchNamespacedCustomObjectAsync(new k8s.Models.V1Patch(patch, k8s.Models.V1Patch.PatchType.MergePatch),
                            Group, Version, Team, plural, (string)item!["metadata"]!["name"]!, cancellationToken: cancellationToken);
                    }
                }
                catch (k8s.Autorest.HttpOperationException)
                {
                    // A run deleted after its TTL between list and patch; the next round annotates the rest.
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    return;
                }
            }

            try
            {
                await Task.Delay(100, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private static JsonObject Run(string name, string owner, int? replicas, int gpus, int? runSeconds, int? ttlSeconds = null)
    {
        var spec = new JsonObject
        {
            ["owner"] = owner,
            ["gpusPerReplica"] = gpus,
            ["preemption"] = new JsonObject { ["gracePeriodSeconds"] = 1 },
            ["template"] = Template(runSeconds),
        };
        if (replicas is { } count)
        {
            spec["replicas"] = count;
        }

        if (ttlSeconds is { } ttl)
        {
            spec["ttlSecondsAfterFinished"] = ttl;
        }

        return Manifest("TrainingRun", name, spec);
    }

    private static JsonObject Idea() => Manifest("IdeaExperiment", "idea", new JsonObject
    {
        ["owner"] = "carol",
        ["hypothesis"] = "a smaller learning rate helps",
        ["gpus"] = 1,
        ["variants"] = new JsonArray(new JsonObject { ["name"] = "small" }, new JsonObject { ["name"] = "large" }),
        ["promotion"] = new JsonObject { ["variant"] = "small", ["replicas"] = 1, ["gpusPerReplica"] = 1, ["name"] = "promoted" },
        ["template"] = Template(3),
    });

    private static JsonObject Template(int? runSeconds)
    {
        var annotations = new JsonObject { ["sandbox.clusteroperator.io/checkpoint-seconds"] = "1" };
        if (runSeconds is { } seconds)
        {
            annotations["sandbox.clusteroperator.io/run-seconds"] = seconds.ToString(CultureInfo.InvariantCulture);
        }

        return new JsonObject
        {
            ["metadata"] = new JsonObject { ["annotations"] = annotations },
            ["spec"] = new JsonObject
            {
                ["containers"] = new JsonArray(new JsonObject { ["name"] = "main", ["image"] = "ghcr.io/example/trainer:1.0" }),
            },
        };
    }

    private static JsonObject Manifest(string kind, string name, JsonObject spec) => new()
    {
        ["apiVersion"] = $"{Group}/{Version}",
        ["kind"] = kind,
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = Team },
        ["spec"] = spec,
    };

    private static async Task CreateAsync(Kubernetes admin, string plural, JsonObject manifest) =>
        await admin.CustomObjects.CreateNamespacedCustomObjectAsync(manifest, Group, Version, Team, plural);

    private static async Task<bool> ExistsAsync(Kubernetes admin, string plural, string name)
    {
        var list = await admin.CustomObjects.ListNamespacedCustomObjectAsync<JsonObject>(Group, Version, Team, plural,
            fieldSelector: $"metadata.name={name}");
        return list["items"]!.AsArray().Count > 0;
    }

    private static async Task<string?> PhaseAsync(Kubernetes admin, string plural, string name)
    {
        var list = await admin.CustomObjects.ListNamespacedCustomObjectAsync<JsonObject>(Group, Version, Team, plural,
            fieldSelector: $"metadata.name={name}");
        return list["items"]!.AsArray().SingleOrDefault()?["status"]?["phase"]?.GetValue<string>();
    }

    private static async Task UntilAsync(Func<Task<bool>> done, string what, Stopwatch deadline)
    {
        while (!await done())
        {
            if (deadline.Elapsed > WorkloadTimeout)
            {
                throw new TimeoutException($"waited {WorkloadTimeout} for {what}");
            }

            await Task.Delay(250);
        }
    }
}
