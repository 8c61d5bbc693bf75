using ClusterOperator.Sandbox.Tests.Support;
using k8s;
using k8s.Models;

namespace ClusterOperator.Sandbox.Tests.Integration;

/// <summary>The request log names each request's user and its verb the way RBAC does, so tests can derive permissions.</summary>
public sealed class RequestAuditTests
{
    [Fact]
    public async Task Each_request_is_recorded_with_its_user_and_rbac_verb()
    {
        var options = new SandboxOptions { Nodes = 1, KubeconfigPath = null, RecordRequests = true };
        options.Users["system:serviceaccount:ops:robot"] = "robot-token";
        await using var host = new SandboxHost(options);
        await host.StartAsync();
        using var robot = new Kubernetes(new KubernetesClientConfiguration
        {
            Host = host.BaseUri.ToString(),
            AccessToken = "robot-token",
            SslCaCerts = [host.CertificateAuthority],
        });
        using var raw = new RawApi(host, "robot-token");

        await robot.CoreV1.ListNamespacedPodAsync("default");
        await robot.CoreV1.CreateNamespacedPodAsync(Pods.Pod("audited"), "default");
        await robot.CoreV1.ReadNamespacedPodAsync("audited", "default");
        await robot.CoreV1.PatchNamespacedPodAsync(new V1Patch("""{"metadata": {"labels": {"a": "b"}}}""", V1Patch.PatchType.MergePatch),
            "audited", "default");
        await robot.CoreV1.CreateNamespacedPodBindingAsync(new V1Binding
        {
            Metadata = new V1ObjectMeta { Name = "audited" },
            Target = new V1ObjectReference { Kind = "Node", Name = host.NodeNames[0] },
        }, "audited", "default");
        var pod = await robot.CoreV1.ReadNamespacedPodAsync("audited", "default");
        pod.Metadata.ResourceVersion = null; // the simulated kubelet writes the pod too; no precondition, no conflict
        await robot.CoreV1.ReplaceNamespacedPodStatusAsync(pod, "audited", "default");
        await raw.WatchLinesAsync("/api/v1/namespaces/default/pods?watch=true&timeoutSeconds=1", 1, TimeSpan.FromSeconds(10));
        await robot.CoreV1.DeleteNamespacedPodAsync("audited", "default");
        await robot.CoreV1.DeleteCollectionNamespacedConfigMapAsync("default");
        await raw.GetAsync("/version");
        using var anonymous = RawApi.WithoutToken(host);
        await anonymous.GetAsync("/api/v1/namespaces/default/secrets");

        var mine = host.RequestLog().Where(r => r.User == "system:serviceaccount:ops:robot").ToList();

        Assert.Equal(
        [
            ("list", "", "pods", "default", ""),
            ("create", "", "pods", "default", ""),
            ("get", "", "pods", "default", "audited"),
            ("patch", "", "pods", "default", "audited"),
            ("create", "", "pods/binding", "default", "audited"),
            ("get", "", "pods", "default", "audited"),
            ("update", "", "pods/status", "default", "audited"),
            ("watch", "", "pods", "default", ""),
            ("delete", "", "pods", "default", "audited"),
            ("deletecollection", "", "configmaps", "default", ""),
            ("get", "", "", "", ""),
        ], mine.Select(r => (r.Verb, r.Group, r.RbacResource, r.Namespace, r.Name)));
        Assert.Equal("/version", mine[^1].Path);
        Assert.Equal(201, mine[1].Code);
        Assert.DoesNotContain(host.RequestLog(), r => r.Resource == "secrets");
    }

    [Fact]
    public async Task The_request_log_is_off_unless_asked_for()
    {
        await using var host = new SandboxHost(new SandboxOptions { Nodes = 0, KubeconfigPath = null });
        await host.StartAsync();

        Assert.Throws<InvalidOperationException>(() => host.RequestLog());
    }
}
