using System.Net;
using ClusterOperator.Sandbox.Tests.Support;
using k8s;
using k8s.Models;

namespace ClusterOperator.Sandbox.Tests.Integration;

public sealed class DeletionTests(SandboxFixture sandbox) : IClassFixture<SandboxFixture>
{
    private Kubernetes Client => sandbox.Client;

    [Fact]
    public async Task Finalizers_hold_a_deleted_object_with_a_deletion_timestamp_until_removed()
    {
        var name = Names.Unique("cm");
        await Client.CoreV1.CreateNamespacedConfigMapAsync(
            new V1ConfigMap { Metadata = new V1ObjectMeta { Name = name, Finalizers = ["example.com/hold"] } }, "default");

        await Client.CoreV1.DeleteNamespacedConfigMapAsync(name, "default");
        var held = await Client.CoreV1.ReadNamespacedConfigMapAsync(name, "default");
        Assert.NotNull(held.Metadata.DeletionTimestamp);

        held.Metadata.Finalizers = ["example.com/hold", "example.com/late"];
        var rejected = await ApiErrors.ExpectAsync(HttpStatusCode.UnprocessableEntity,
            () => Client.CoreV1.ReplaceNamespacedConfigMapAsync(held, name, "default"));
        Assert.Contains("no new finalizers can be added", rejected.Message, StringComparison.Ordinal);

        held.Metadata.Finalizers = [];
        await Client.CoreV1.ReplaceNamespacedConfigMapAsync(held, name, "default");
        await ApiErrors.ExpectAsync(HttpStatusCode.NotFound, () => Client.CoreV1.ReadNamespacedConfigMapAsync(name, "default"));
    }

    [Fact]
    public async Task Deleting_an_owner_garbage_collects_its_dependents_in_the_background()
    {
        var owner = await Client.CoreV1.CreateNamespacedConfigMapAsync(
            new V1ConfigMap { Metadata = new V1ObjectMeta { Name = Names.Unique("owner") } }, "default");
        var dependent = Names.Unique("dependent");
        await Client.CoreV1.CreateNamespacedSecretAsync(new V1Secret
        {
            Metadata = new V1ObjectMeta { Name = dependent, OwnerReferences = [OwnerReference(owner)] },
        }, "default");

        await Client.CoreV1.DeleteNamespacedConfigMapAsync(owner.Metadata.Name, "default");

        await Eventually.IsTrueAsync(async () => !(await Client.CoreV1.ListNamespacedSecretAsync("default",
            fieldSelector: $"metadata.name={dependent}")).Items.Any(), "the dependent to be collected");
    }

    [Fact]
    public async Task Orphan_propagation_keeps_dependents_and_strips_the_owner_reference()
    {
        var owner = await Client.CoreV1.CreateNamespacedConfigMapAsync(
            new V1ConfigMap { Metadata = new V1ObjectMeta { Name = Names.Unique("owner") } }, "default");
        var dependent = Names.Unique("dependent");
        await Client.CoreV1.CreateNamespacedSecretAsync(new V1Secret
        {
            Metadata = new V1ObjectMeta { Name = dependent, OwnerReferences = [OwnerReference(owner)] },
        }, "default");

        await Client.CoreV1.DeleteNamespacedConfigMapAsync(owner.Metadata.Name, "default", propagationPolicy: "Orphan");
        await Task.Delay(300);

        var kept = await Client.CoreV1.ReadNamespacedSecretAsync(dependent, "default");
        Assert.Null(kept.Metadata.OwnerReferences);
    }

    [Fact]
    public async Task Foreground_deletion_removes_dependents_before_the_owner()
    {
        var owner = await Client.CoreV1.CreateNamespacedConfigMapAsync(
            new V1ConfigMap { Metadata = new V1ObjectMeta { Name = Names.Unique("owner") } }, "default");
        var dependent = Names.Unique("dependent");
        await Client.CoreV1.CreateNamespacedSecretAsync(new V1Secret
        {
            Metadata = new V1ObjectMeta { Name = dependent, OwnerReferences = [OwnerReference(owner)] },
        }, "default");

        await Client.CoreV1.DeleteNamespacedConfigMapAsync(owner.Metadata.Name, "default", propagationPolicy: "Foreground");

        await Eventually.IsTrueAsync(async () =>
                !(await Client.CoreV1.ListNamespacedConfigMapAsync("default", fieldSelector: $"metadata.name={owner.Metadata.Name}")).Items.Any() &&
                !(await Client.CoreV1.ListNamespacedSecretAsync("default", fieldSelector: $"metadata.name={dependent}")).Items.Any(),
            "owner and dependent to be gone");
    }

    [Fact]
    public async Task A_dependent_whose_owner_never_existed_is_collected()
    {
        var name = Names.Unique("dangling");
        await Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap
        {
            Metadata = new V1ObjectMeta
            {
                Name = name,
                OwnerReferences = [new V1OwnerReference { ApiVersion = "v1", Kind = "ConfigMap", Name = "ghost", Uid = Guid.NewGuid().ToString() }],
            },
        }, "default");

        await Eventually.IsTrueAsync(async () => !(await Client.CoreV1.ListNamespacedConfigMapAsync("default",
            fieldSelector: $"metadata.name={name}")).Items.Any(), "the dangling dependent to be collected");
    }

    [Fact]
    public async Task Namespace_deletion_cascades_to_its_contents_then_removes_the_namespace()
    {
        var ns = Names.Unique("doomed");
        await Client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = ns } });
        await Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "data" } }, ns);
        await Client.CoreV1.CreateNamespacedPodAsync(Pods.Pod("worker", node: "node-0", checkpointSeconds: 0.2), ns);
        await Client.CustomObjects.CreateNamespacedCustomObjectAsync(Widgets.Widget("w"), TestCrds.Group, TestCrds.Version, ns,
            TestCrds.Plural);
        Assert.NotNull(await Client.CoreV1.ReadNamespacedServiceAccountAsync("default", ns));

        var terminating = await Client.CoreV1.DeleteNamespaceAsync(ns);
        await ApiErrors.ExpectAsync(HttpStatusCode.Forbidden, () => Client.CoreV1.CreateNamespacedConfigMapAsync(
            new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "late" } }, ns));

        await Eventually.IsTrueAsync(async () =>
            !(await Client.CoreV1.ListNamespaceAsync(fieldSelector: $"metadata.name={ns}")).Items.Any(), "the namespace to go");
        Assert.Empty((await Client.CoreV1.ListNamespacedPodAsync(ns)).Items);
        Assert.Empty((await Client.CoreV1.ListNamespacedConfigMapAsync(ns)).Items);
        Assert.NotNull(terminating);
    }

    [Fact]
    public async Task Delete_collection_removes_only_the_selected_objects()
    {
        var ns = Names.Unique("bulk");
        await Client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = ns } });
        foreach (var (name, tier) in new[] { ("a", "cache"), ("b", "cache"), ("c", "db") })
        {
            await Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap
            {
                Metadata = new V1ObjectMeta { Name = name, Labels = new Dictionary<string, string> { ["tier"] = tier } },
            }, ns);
        }

        await Client.CoreV1.DeleteCollectionNamespacedConfigMapAsync(ns, labelSelector: "tier=cache");

        Assert.Equal(["c"], (await Client.CoreV1.ListNamespacedConfigMapAsync(ns)).Items.Select(c => c.Metadata.Name));
    }

    [Fact]
    public async Task Stale_delete_precondition_is_409()
    {
        var name = Names.Unique("cm");
        var created = await Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = name } }, "default");

        await ApiErrors.ExpectAsync(HttpStatusCode.Conflict, () => Client.CoreV1.DeleteNamespacedConfigMapAsync(name, "default",
            new V1DeleteOptions { Preconditions = new V1Preconditions { Uid = Guid.NewGuid().ToString() } }));

        Assert.Equal(created.Metadata.Uid, (await Client.CoreV1.ReadNamespacedConfigMapAsync(name, "default")).Metadata.Uid);
    }

    private static V1OwnerReference OwnerReference(V1ConfigMap owner) =>
        new() { ApiVersion = "v1", Kind = "ConfigMap", Name = owner.Metadata.Name, Uid = owner.Metadata.Uid, BlockOwnerDeletion = true };
}
