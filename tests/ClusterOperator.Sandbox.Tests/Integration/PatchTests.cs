using System.Net;
using ClusterOperator.Sandbox.Tests.Support;
using k8s;
using k8s.Models;

namespace ClusterOperator.Sandbox.Tests.Integration;

public sealed class PatchTests(SandboxFixture sandbox) : IClassFixture<SandboxFixture>
{
    private Kubernetes Client => sandbox.Client;

    [Fact]
    public async Task Json_patch_applies_operations_in_order_and_a_failed_test_is_rejected()
    {
        var name = await ConfigMapAsync(new Dictionary<string, string> { ["a"] = "1" });

        var patched = await Client.CoreV1.PatchNamespacedConfigMapAsync(new V1Patch(
            """[{"op":"add","path":"/data/b","value":"2"},{"op":"replace","path":"/data/a","value":"9"},{"op":"remove","path":"/data/b"}]""",
            V1Patch.PatchType.JsonPatch), name, "default");
        Assert.Equal(new Dictionary<string, string> { ["a"] = "9" }, patched.Data);

        await ApiErrors.ExpectAsync(HttpStatusCode.UnprocessableEntity, () => Client.CoreV1.PatchNamespacedConfigMapAsync(
            new V1Patch("""[{"op":"test","path":"/data/a","value":"1"}]""", V1Patch.PatchType.JsonPatch), name, "default"));
    }

    [Fact]
    public async Task Merge_patch_merges_maps_and_null_deletes()
    {
        var name = await ConfigMapAsync(new Dictionary<string, string> { ["keep"] = "1", ["drop"] = "2" });

        var patched = await Client.CoreV1.PatchNamespacedConfigMapAsync(
            new V1Patch("""{"data":{"drop":null,"add":"3"}}""", V1Patch.PatchType.MergePatch), name, "default");

        Assert.Equal(new Dictionary<string, string> { ["keep"] = "1", ["add"] = "3" }, patched.Data);
    }

    [Fact]
    public async Task Patch_carrying_a_stale_resource_version_is_409()
    {
        var name = await ConfigMapAsync(new Dictionary<string, string> { ["a"] = "1" });

        await ApiErrors.ExpectAsync(HttpStatusCode.Conflict, () => Client.CoreV1.PatchNamespacedConfigMapAsync(
            new V1Patch("""{"metadata":{"resourceVersion":"1"},"data":{"a":"2"}}""", V1Patch.PatchType.MergePatch), name, "default"));
    }

    [Fact]
    public async Task Strategic_merge_patch_merges_containers_env_and_ports_by_key()
    {
        var deployment = await Client.AppsV1.CreateNamespacedDeploymentAsync(new V1Deployment
        {
            Metadata = new V1ObjectMeta { Name = Names.Unique("deploy") },
            Spec = new V1DeploymentSpec
            {
                Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = "x" } },
                Template = new V1PodTemplateSpec
                {
                    Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string> { ["app"] = "x" } },
                    Spec = new V1PodSpec
                    {
                        Containers =
                        [
                            new V1Container
                            {
                                Name = "app", Image = "app:1",
                                Env = [new V1EnvVar { Name = "A", Value = "1" }, new V1EnvVar { Name = "B", Value = "2" }],
                                Ports = [new V1ContainerPort { ContainerPort = 80 }],
                            },
                            new V1Container { Name = "sidecar", Image = "side:1" },
                        ],
                        Volumes = [new V1Volume { Name = "data", EmptyDir = new V1EmptyDirVolumeSource() }],
                    },
                },
            },
        }, "default");

        var patched = await Client.AppsV1.PatchNamespacedDeploymentAsync(new V1Patch("""
            {"spec":{"template":{"spec":{
              "containers":[{"name":"app","image":"app:2","env":[{"name":"B","value":"20"},{"name":"C","value":"3"}],"ports":[{"containerPort":443}]}],
              "volumes":[{"name":"cache","emptyDir":{}}]}}}}
            """, V1Patch.PatchType.StrategicMergePatch), deployment.Metadata.Name, "default");

        var containers = patched.Spec.Template.Spec.Containers;
        Assert.Equal(["app", "sidecar"], containers.Select(c => c.Name));
        Assert.Equal("app:2", containers[0].Image);
        Assert.Equal(["A=1", "B=20", "C=3"], containers[0].Env.Select(e => $"{e.Name}={e.Value}"));
        Assert.Equal([80, 443], containers[0].Ports.Select(p => p.ContainerPort));
        Assert.Equal(["data", "cache"], patched.Spec.Template.Spec.Volumes.Select(v => v.Name));
        Assert.Equal(2, patched.Metadata.Generation);
    }

    [Fact]
    public async Task Strategic_merge_patch_delete_directive_removes_a_list_item_by_key()
    {
        var name = Names.Unique("svc");
        await Client.CoreV1.CreateNamespacedServiceAsync(new V1Service
        {
            Metadata = new V1ObjectMeta { Name = name },
            Spec = new V1ServiceSpec { Ports = [new V1ServicePort { Port = 80 }, new V1ServicePort { Port = 443 }] },
        }, "default");

        var patched = await Client.CoreV1.PatchNamespacedServiceAsync(new V1Patch(
            """{"metadata":{"labels":{"x":"y"}},"spec":{"ports":[{"port":80,"$patch":"delete"}]}}""",
            V1Patch.PatchType.StrategicMergePatch), name, "default");

        Assert.Equal("y", patched.Metadata.Labels["x"]);
        Assert.Equal([443], patched.Spec.Ports.Select(p => p.Port));
        Assert.StartsWith("10.96.", patched.Spec.ClusterIP, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Strategic_merge_patch_on_a_custom_resource_is_415()
    {
        var name = Names.Unique("w");
        await Client.CustomObjects.CreateNamespacedCustomObjectAsync(Widgets.Widget(name), TestCrds.Group, TestCrds.Version, "default",
            TestCrds.Plural);

        await ApiErrors.ExpectAsync(HttpStatusCode.UnsupportedMediaType, () => Client.CustomObjects.PatchNamespacedCustomObjectAsync(
            new V1Patch("""{"spec":{"size":4}}""", V1Patch.PatchType.StrategicMergePatch), TestCrds.Group, TestCrds.Version, "default",
            TestCrds.Plural, name));
    }

    [Fact]
    public async Task Server_side_apply_creates_updates_and_removes_fields_the_manager_stopped_applying()
    {
        var name = Names.Unique("ssa");
        var created = await ApplyAsync(name, "alice", """{"a":"1","b":"2"}""");
        Assert.Equal(new Dictionary<string, string> { ["a"] = "1", ["b"] = "2" }, created.Data);
        Assert.Contains(created.Metadata.ManagedFields, f => f.Manager == "alice" && f.Operation == "Apply");

        var updated = await ApplyAsync(name, "alice", """{"a":"10"}""");

        Assert.Equal(new Dictionary<string, string> { ["a"] = "10" }, updated.Data);
    }

    [Fact]
    public async Task Server_side_apply_keeps_fields_owned_by_another_manager_and_reports_conflicts()
    {
        var name = Names.Unique("ssa");
        await ApplyAsync(name, "alice", """{"a":"1"}""");
        var shared = await ApplyAsync(name, "bob", """{"b":"2"}""");
        Assert.Equal(new Dictionary<string, string> { ["a"] = "1", ["b"] = "2" }, shared.Data);

        var conflict = await ApiErrors.ExpectAsync(HttpStatusCode.Conflict, () => ApplyAsync(name, "bob", """{"a":"changed"}"""));
        Assert.Contains("conflict", conflict.Message, StringComparison.Ordinal);
        Assert.Contains(conflict.Details.Causes, c => c.Field == ".data.a");

        var forced = await ApplyAsync(name, "bob", """{"a":"changed","b":"2"}""", force: true);
        Assert.Equal("changed", forced.Data["a"]);
        var afterAliceLeaves = await ApplyAsync(name, "alice", "{}");
        Assert.Equal(new Dictionary<string, string> { ["a"] = "changed", ["b"] = "2" }, afterAliceLeaves.Data);
    }

    [Fact]
    public async Task Server_side_apply_merges_containers_by_name()
    {
        var name = Names.Unique("ssa-pod");
        var body = $$$"""
            {"apiVersion":"v1","kind":"Pod","metadata":{"name":"{{{name}}}"},
             "spec":{"containers":[{"name":"main","image":"a:1"},{"name":"side","image":"b:1"}]}}
            """;
        await Client.CoreV1.PatchNamespacedPodAsync(new V1Patch(body, V1Patch.PatchType.ApplyPatch), name, "default", fieldManager: "tool");

        var patched = await Client.CoreV1.PatchNamespacedPodAsync(new V1Patch(
            "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"" + name + "\",\"labels\":{\"l\":\"v\"}}}",
            V1Patch.PatchType.ApplyPatch),
            name, "default", fieldManager: "labeller");

        Assert.Equal(["main", "side"], patched.Spec.Containers.Select(c => c.Name));
        Assert.Equal("v", patched.Metadata.Labels["l"]);
    }

    [Fact]
    public async Task Server_side_apply_replaces_a_keyed_list_item_whose_key_changed()
    {
        var name = Names.Unique("ssa-svc");
        string Service(int port) =>
            "{\"apiVersion\":\"v1\",\"kind\":\"Service\",\"metadata\":{\"name\":\"" + name +
            "\"},\"spec\":{\"ports\":[{\"name\":\"http\",\"port\":" + port + ",\"targetPort\":8080}]}}";
        await Client.CoreV1.PatchNamespacedServiceAsync(new V1Patch(Service(80), V1Patch.PatchType.ApplyPatch), name, "default",
            fieldManager: "chart");

        var updated = await Client.CoreV1.PatchNamespacedServiceAsync(new V1Patch(Service(8080), V1Patch.PatchType.ApplyPatch), name,
            "default", fieldManager: "chart");

        var port = Assert.Single(updated.Spec.Ports);
        Assert.Equal(8080, port.Port);
        Assert.Equal("TCP", port.Protocol);
    }

    private Task<V1ConfigMap> ApplyAsync(string name, string manager, string data, bool force = false) =>
        Client.CoreV1.PatchNamespacedConfigMapAsync(
            new V1Patch($$$"""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"{{{name}}}"},"data":{{{data}}}}""",
                V1Patch.PatchType.ApplyPatch),
            name, "default", fieldManager: manager, force: force);

    private async Task<string> ConfigMapAsync(Dictionary<string, string> data)
    {
        var name = Names.Unique("cm");
        await Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = name }, Data = data },
            "default");
        return name;
    }
}
