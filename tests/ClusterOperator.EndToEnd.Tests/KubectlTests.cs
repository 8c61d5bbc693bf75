using ClusterOperator.EndToEnd.Tests.Support;

namespace ClusterOperator.EndToEnd.Tests;

/// <summary>Real kubectl against a started sandbox.</summary>
public sealed class KubectlTests(ClusterFixture cluster) : IClassFixture<ClusterFixture>
{
    [Fact]
    public async Task Apply_crds_and_examples_then_get_wide_and_describe_them()
    {
        var crds = (await cluster.KubectlAsync("apply", "-f", RepositoryPaths.Combine("config", "crd"))).EnsureSuccess();
        Assert.Contains("trainingruns.training.clusteroperator.io", crds.Output, StringComparison.Ordinal);
        (await cluster.KubectlAsync("wait", "--for=condition=Established", "crd/trainingruns.training.clusteroperator.io",
            "--timeout=30s")).EnsureSuccess();

        var applied = (await cluster.KubectlAsync("apply", "-f", RepositoryPaths.Combine("examples"))).EnsureSuccess();
        Assert.Contains("trainingrun.training.clusteroperator.io/resnet-baseline", applied.Output, StringComparison.Ordinal);

        var listed = (await cluster.KubectlAsync("get", "tr,idea")).EnsureSuccess();
        Assert.Contains("resnet-baseline", listed.Output, StringComparison.Ordinal);
        Assert.Contains("lr-warmup-hunch", listed.Output, StringComparison.Ordinal);
        Assert.Contains("PHASE", listed.Output, StringComparison.Ordinal);

        var wide = (await cluster.KubectlAsync("get", "trainingruns", "-o", "wide")).EnsureSuccess();
        Assert.Contains("SHARE", wide.Output, StringComparison.Ordinal);

        var described = (await cluster.KubectlAsync("describe", "trainingrun", "resnet-baseline")).EnsureSuccess();
        Assert.Contains("resnet-baseline", described.Output, StringComparison.Ordinal);
        Assert.Contains("Gpus Per Replica:", described.Output, StringComparison.Ordinal);

        var again = (await cluster.KubectlAsync("apply", "-f", RepositoryPaths.Combine("examples"))).EnsureSuccess();
        Assert.Contains("resnet-baseline unchanged", again.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invalid_custom_resource_is_rejected_with_the_schema_message()
    {
        (await cluster.KubectlAsync("apply", "-f", RepositoryPaths.Combine("config", "crd"))).EnsureSuccess();
        var manifest = Path.Combine(Path.GetTempPath(), $"bad-run-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(manifest, """
            apiVersion: training.clusteroperator.io/v1alpha1
            kind: TrainingRun
            metadata:
              name: bad-run
            spec:
              replicas: 1
              gpusPerReplica: -3
              template:
                spec:
                  containers:
                    - name: main
                      image: trainer:1
            """);
        try
        {
            var result = await cluster.KubectlAsync("apply", "-f", manifest);

            Assert.NotEqual(0, result.ExitCode);
            Assert.Contains("is invalid", result.Error, StringComparison.Ordinal);
            Assert.Contains("spec.gpusPerReplica", result.Error, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(manifest);
        }
    }

    [Fact]
    public async Task Pod_runs_to_completion_and_wait_for_jsonpath_sees_it()
    {
        (await cluster.KubectlAsync("apply", "-f", RepositoryPaths.TestData("pod-succeeds.yaml"))).EnsureSuccess();

        (await cluster.KubectlAsync("wait", "--for=jsonpath={.status.phase}=Succeeded", "pod/quick-job", "--timeout=60s"))
            .EnsureSuccess();

        var wide = (await cluster.KubectlAsync("get", "pod", "quick-job", "-o", "wide")).EnsureSuccess();
        Assert.Contains("Completed", wide.Output, StringComparison.Ordinal);
        Assert.Contains("node-0", wide.Output, StringComparison.Ordinal);
        var described = (await cluster.KubectlAsync("describe", "pod", "quick-job")).EnsureSuccess();
        Assert.Contains("Started container main", described.Output, StringComparison.Ordinal);
        Assert.Contains("nvidia.com/gpu:", described.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Delete_wait_returns_once_the_graceful_termination_is_over()
    {
        (await cluster.KubectlAsync("apply", "-f", RepositoryPaths.TestData("pod-long.yaml"))).EnsureSuccess();
        (await cluster.KubectlAsync("wait", "--for=jsonpath={.status.phase}=Running", "pod/long-runner", "--timeout=60s"))
            .EnsureSuccess();

        var deleted = (await cluster.KubectlAsync("delete", "pod", "long-runner", "--wait", "--timeout=60s")).EnsureSuccess();

        Assert.Contains("pod \"long-runner\" deleted", deleted.Output, StringComparison.Ordinal);
        var gone = await cluster.KubectlAsync("get", "pod", "long-runner");
        Assert.NotEqual(0, gone.ExitCode);
        Assert.Contains("NotFound", gone.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Client_side_then_server_side_apply_update_a_deployment()
    {
        var manifest = RepositoryPaths.TestData("deployment.yaml");
        (await cluster.KubectlAsync("apply", "-f", manifest)).EnsureSuccess();
        var changed = Path.Combine(Path.GetTempPath(), $"deployment-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(changed, (await File.ReadAllTextAsync(manifest))
            .Replace("nginx:1.25", "nginx:1.26", StringComparison.Ordinal)
            .Replace("value: blue", "value: green", StringComparison.Ordinal));
        try
        {
            var configured = (await cluster.KubectlAsync("apply", "-f", changed)).EnsureSuccess();
            Assert.Contains("deployment.apps/web configured", configured.Output, StringComparison.Ordinal);

            var serverSide = (await cluster.KubectlAsync("apply", "--server-side", "--force-conflicts", "-f", changed)).EnsureSuccess();
            Assert.Contains("serverside-applied", serverSide.Output, StringComparison.Ordinal);

            var image = (await cluster.KubectlAsync("get", "deployment", "web", "-o",
                "jsonpath={.spec.template.spec.containers[0].image} {.spec.template.spec.containers[0].env[0].value} {.metadata.generation}"))
                .EnsureSuccess();
            Assert.Equal("nginx:1.26 green 2", image.Output.Trim());
        }
        finally
        {
            File.Delete(changed);
        }
    }

    [Fact]
    public async Task Nodes_show_gpu_capacity_in_get_wide_and_describe()
    {
        var wide = (await cluster.KubectlAsync("get", "nodes", "-o", "wide")).EnsureSuccess();
        Assert.Contains("INTERNAL-IP", wide.Output, StringComparison.Ordinal);
        Assert.Contains("node-1", wide.Output, StringComparison.Ordinal);

        var described = (await cluster.KubectlAsync("describe", "node", "node-0")).EnsureSuccess();
        Assert.Contains("nvidia.com/gpu:", described.Output, StringComparison.Ordinal);
        Assert.Contains("nvidia.com/gpu.product=H100", described.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Imperative_creates_and_namespace_delete_wait_cascade()
    {
        (await cluster.KubectlAsync("create", "namespace", "scratch")).EnsureSuccess();
        (await cluster.KubectlAsync("create", "configmap", "settings", "-n", "scratch", "--from-literal=mode=fast")).EnsureSuccess();
        (await cluster.KubectlAsync("create", "secret", "generic", "token", "-n", "scratch", "--from-literal=key=value")).EnsureSuccess();
        (await cluster.KubectlAsync("label", "configmap", "settings", "-n", "scratch", "tier=cache")).EnsureSuccess();
        var selected = (await cluster.KubectlAsync("get", "configmaps", "-n", "scratch", "-l", "tier=cache", "-o", "name")).EnsureSuccess();
        Assert.Equal("configmap/settings", selected.Output.Trim());

        (await cluster.KubectlAsync("delete", "namespace", "scratch", "--wait", "--timeout=60s")).EnsureSuccess();

        var gone = await cluster.KubectlAsync("get", "namespace", "scratch");
        Assert.Contains("NotFound", gone.Error, StringComparison.Ordinal);
    }
}
