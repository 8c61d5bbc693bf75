using ClusterOperator.Sandbox.Tests.Support;
using k8s;
using k8s.Models;

namespace ClusterOperator.Sandbox.Tests.Integration;

public sealed class NodeFaultTests(SandboxFixture sandbox) : IClassFixture<SandboxFixture>
{
    private Kubernetes Client => sandbox.Client;

    [Fact]
    public async Task A_failed_node_turns_not_ready_with_taints_and_its_pods_stop_progressing_until_it_recovers()
    {
        var ns = Names.Unique("faults");
        await Client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = ns } });
        await Client.CoreV1.CreateNamespacedPodAsync(Pods.Pod("victim", node: "node-1", runSeconds: 1.5), ns);
        await Eventually.IsTrueAsync(async () => (await Client.CoreV1.ReadNamespacedPodAsync("victim", ns)).Status.Phase == "Running",
            "the pod to run");

        sandbox.Host.SetNodeReady("node-1", ready: false);

        var node = await Client.CoreV1.ReadNodeAsync("node-1");
        Assert.Equal("Unknown", node.Status.Conditions.Single(c => c.Type == "Ready").Status);
        Assert.Contains(node.Spec.Taints, t => t.Key == "node.kubernetes.io/unreachable" && t.Effect == "NoExecute");
        var pod = await Client.CoreV1.ReadNamespacedPodAsync("victim", ns);
        Assert.Equal("False", pod.Status.Conditions.Single(c => c.Type == "Ready").Status);
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.Equal("Running", (await Client.CoreV1.ReadNamespacedPodAsync("victim", ns)).Status.Phase);

        sandbox.Host.SetNodeReady("node-1", ready: true);

        var recovered = await Client.CoreV1.ReadNodeAsync("node-1");
        Assert.Equal("True", recovered.Status.Conditions.Single(c => c.Type == "Ready").Status);
        Assert.Null(recovered.Spec.Taints);
        await Eventually.IsTrueAsync(async () => (await Client.CoreV1.ReadNamespacedPodAsync("victim", ns)).Status.Phase == "Succeeded",
            "the overdue pod to finish once its node is back");
    }

    [Fact]
    public async Task Deleting_a_node_removes_the_pods_bound_to_it()
    {
        var ns = Names.Unique("faults");
        await Client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = ns } });
        await Client.CoreV1.CreateNodeAsync(new V1Node { Metadata = new V1ObjectMeta { Name = "ephemeral-node" } });
        await Client.CoreV1.CreateNamespacedPodAsync(Pods.Pod("orphaned", node: "ephemeral-node"), ns);

        await Client.CoreV1.DeleteNodeAsync("ephemeral-node");

        await Eventually.IsTrueAsync(async () => (await Client.CoreV1.ListNamespacedPodAsync(ns)).Items.Count == 0,
            "pods of the deleted node to be garbage collected");
    }
}
