using System.Net;
using ClusterOperator.Sandbox.Tests.Support;
using k8s;
using k8s.Models;

namespace ClusterOperator.Sandbox.Tests.Integration;

public sealed class PodLifecycleTests(SandboxFixture sandbox) : IClassFixture<SandboxFixture>
{
    private Kubernetes Client => sandbox.Client;

    [Fact]
    public async Task Nodes_advertise_gpus_topology_labels_and_readiness()
    {
        var nodes = await Client.CoreV1.ListNodeAsync();

        Assert.Equal(2, nodes.Items.Count);
        var node = nodes.Items[0];
        Assert.Equal("8", node.Status.Allocatable[SandboxConventions.GpuResource].ToString());
        Assert.Equal("8", node.Status.Capacity[SandboxConventions.GpuResource].ToString());
        Assert.True(node.Status.Capacity.ContainsKey("cpu"));
        Assert.True(node.Status.Capacity.ContainsKey("memory"));
        Assert.Equal("H100", node.Metadata.Labels[SandboxConventions.GpuProductLabel]);
        Assert.True(node.Metadata.Labels.ContainsKey(SandboxConventions.ZoneLabel));
        Assert.Equal("rack-0", node.Metadata.Labels[SandboxConventions.RackLabel]);
        Assert.Contains(node.Status.Conditions, c => c.Type == "Ready" && c.Status == "True");
    }

    [Fact]
    public async Task Binding_sets_the_node_once_and_a_second_binding_is_409()
    {
        var ns = await NamespaceAsync();
        await Client.CoreV1.CreateNamespacedPodAsync(Pods.Pod("bound"), ns);

        await Client.CoreV1.CreateNamespacedPodBindingAsync(Pods.Binding("bound", "node-0"), "bound", ns);
        var status = await ApiErrors.ExpectAsync(HttpStatusCode.Conflict,
            () => Client.CoreV1.CreateNamespacedPodBindingAsync(Pods.Binding("bound", "node-1"), "bound", ns));

        var pod = await Client.CoreV1.ReadNamespacedPodAsync("bound", ns);
        Assert.Equal("node-0", pod.Spec.NodeName);
        Assert.Contains("already assigned to node \"node-0\"", status.Message, StringComparison.Ordinal);
        Assert.Contains(pod.Status.Conditions, c => c.Type == "PodScheduled" && c.Status == "True");
    }

    [Fact]
    public async Task Bound_pod_goes_from_pending_to_running_with_container_status_ip_and_start_time()
    {
        var ns = await NamespaceAsync();
        var created = await Client.CoreV1.CreateNamespacedPodAsync(Pods.Pod("starter"), ns);
        Assert.Equal("Pending", created.Status.Phase);

        await Client.CoreV1.CreateNamespacedPodBindingAsync(Pods.Binding("starter", "node-1"), "starter", ns);
        var running = await WaitForPhaseAsync(ns, "starter", "Running");

        Assert.NotNull(running.Status.PodIP);
        Assert.NotNull(running.Status.StartTime);
        Assert.Equal("10.0.0.2", running.Status.HostIP);
        var container = Assert.Single(running.Status.ContainerStatuses);
        Assert.NotNull(container.State.Running);
        Assert.True(container.Ready);
    }

    [Fact]
    public async Task Pod_succeeds_after_its_run_seconds_with_exit_code_zero()
    {
        var ns = await NamespaceAsync();
        await Client.CoreV1.CreateNamespacedPodAsync(Pods.Pod("short", runSeconds: 0.3, node: "node-0"), ns);

        var done = await WaitForPhaseAsync(ns, "short", "Succeeded");

        var terminated = done.Status.ContainerStatuses.Single().State.Terminated;
        Assert.Equal(0, terminated.ExitCode);
        Assert.Equal("Completed", terminated.Reason);
    }

    [Fact]
    public async Task Pod_fails_with_the_annotated_exit_code()
    {
        var ns = await NamespaceAsync();
        await Client.CoreV1.CreateNamespacedPodAsync(Pods.Pod("crash", runSeconds: 0.2, exitCode: 3, node: "node-0"), ns);

        var done = await WaitForPhaseAsync(ns, "crash", "Failed");

        Assert.Equal(3, done.Status.ContainerStatuses.Single().State.Terminated.ExitCode);
    }

    [Fact]
    public async Task On_failure_restart_policy_restarts_the_container()
    {
        var ns = await NamespaceAsync();
        await Client.CoreV1.CreateNamespacedPodAsync(
            Pods.Pod("flaky", runSeconds: 0.2, exitCode: 1, node: "node-0", restartPolicy: "OnFailure"), ns);

        var restarted = await Eventually.ReturnsAsync(() => Client.CoreV1.ReadNamespacedPodAsync("flaky", ns),
            pod => pod.Status.ContainerStatuses?.Single().RestartCount >= 2, "two restarts");

        Assert.Equal("Running", restarted.Status.Phase);
        Assert.Equal(1, restarted.Status.ContainerStatuses.Single().LastState.Terminated.ExitCode);
    }

    [Fact]
    public async Task Active_deadline_fails_the_pod_with_DeadlineExceeded()
    {
        var ns = await NamespaceAsync();
        var pod = Pods.Pod("deadline", node: "node-0");
        pod.Spec.ActiveDeadlineSeconds = 1;
        await Client.CoreV1.CreateNamespacedPodAsync(pod, ns);

        var failed = await WaitForPhaseAsync(ns, "deadline", "Failed");

        Assert.Equal("DeadlineExceeded", failed.Status.Reason);
    }

    [Fact]
    public async Task Kubelet_rejects_a_pod_that_does_not_fit_with_OutOf_gpu()
    {
        var ns = await NamespaceAsync();
        await Client.CoreV1.CreateNamespacedPodAsync(Pods.Pod("big", gpus: 6, node: "node-1"), ns);
        await WaitForPhaseAsync(ns, "big", "Running");

        await Client.CoreV1.CreateNamespacedPodAsync(Pods.Pod("too-big", gpus: 4, node: "node-1"), ns);
        var rejected = await WaitForPhaseAsync(ns, "too-big", "Failed");

        Assert.Equal(SandboxConventions.OutOfGpuReason, rejected.Status.Reason);
        Assert.Contains("nvidia.com/gpu, requested: 4", rejected.Status.Message, StringComparison.Ordinal);
        Assert.Contains("capacity: 8", rejected.Status.Message, StringComparison.Ordinal);
        await Client.CoreV1.DeleteNamespacedPodAsync("big", ns, gracePeriodSeconds: 0);
    }

    [Fact]
    public async Task Graceful_deletion_keeps_the_pod_terminating_for_the_checkpoint_then_removes_it()
    {
        var ns = await NamespaceAsync();
        await Client.CoreV1.CreateNamespacedPodAsync(Pods.Pod("graceful", node: "node-0", checkpointSeconds: 1), ns);
        await WaitForPhaseAsync(ns, "graceful", "Running");

        var deleting = await Client.CoreV1.DeleteNamespacedPodAsync("graceful", ns, gracePeriodSeconds: 30);
        Assert.NotNull(deleting.Metadata.DeletionTimestamp);
        Assert.Equal(30, deleting.Metadata.DeletionGracePeriodSeconds);
        var stillThere = await Client.CoreV1.ReadNamespacedPodAsync("graceful", ns);
        Assert.NotNull(stillThere.Metadata.DeletionTimestamp);

        await Eventually.IsTrueAsync(async () => (await Client.CoreV1.ListNamespacedPodAsync(ns)).Items.Count == 0,
            "the pod to be removed after its checkpoint");
    }

    [Fact]
    public async Task Unbound_pod_is_deleted_at_once()
    {
        var ns = await NamespaceAsync();
        await Client.CoreV1.CreateNamespacedPodAsync(Pods.Pod("unbound"), ns);

        var deleted = await Client.CoreV1.DeleteNamespacedPodAsync("unbound", ns);

        Assert.Equal("unbound", deleted.Metadata.Name);
        await ApiErrors.ExpectAsync(HttpStatusCode.NotFound, () => Client.CoreV1.ReadNamespacedPodAsync("unbound", ns));
    }

    [Fact]
    public async Task Pod_spec_is_immutable_except_for_the_allowed_fields()
    {
        var ns = await NamespaceAsync();
        var pod = await Client.CoreV1.CreateNamespacedPodAsync(Pods.Pod("fixed"), ns);
        pod.Spec.NodeName = "node-0";

        var status = await ApiErrors.ExpectAsync(HttpStatusCode.UnprocessableEntity,
            () => Client.CoreV1.ReplaceNamespacedPodAsync(pod, "fixed", ns));

        Assert.Contains("pod updates may not change fields", status.Message, StringComparison.Ordinal);
    }

    private async Task<V1Pod> WaitForPhaseAsync(string ns, string name, string phase) =>
        await Eventually.ReturnsAsync(() => Client.CoreV1.ReadNamespacedPodAsync(name, ns), pod => pod.Status?.Phase == phase,
            $"pod {name} to be {phase}");

    private async Task<string> NamespaceAsync()
    {
        var ns = Names.Unique("pods");
        await Client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = ns } });
        return ns;
    }
}
