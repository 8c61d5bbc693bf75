using System.Text.Json.Nodes;
using ClusterOperator.Sandbox.Tests.Support;
using k8s;
using k8s.Models;

namespace ClusterOperator.Sandbox.Tests.Integration;

public sealed class DiscoveryTests(SandboxFixture sandbox) : IClassFixture<SandboxFixture>
{
    [Fact]
    public async Task Version_reports_a_kubernetes_version()
    {
        var version = await sandbox.Client.Version.GetCodeAsync();

        Assert.Equal("1", version.Major);
        Assert.StartsWith("v1.", version.GitVersion, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Core_group_lists_pods_with_verbs_short_names_categories_and_subresources()
    {
        using var api = new RawApi(sandbox.Host);
        var (status, body) = await api.GetAsync("/api/v1");

        Assert.Equal(200, status);
        var resources = body!["resources"]!.AsArray().Select(r => r!.AsObject()).ToList();
        var pods = resources.Single(r => (string?)r["name"] == "pods");
        Assert.True((bool)pods["namespaced"]!);
        Assert.Equal("Pod", (string?)pods["kind"]);
        Assert.Contains("watch", pods["verbs"]!.AsArray().Select(v => (string?)v));
        Assert.Contains("po", pods["shortNames"]!.AsArray().Select(v => (string?)v));
        Assert.Contains("all", pods["categories"]!.AsArray().Select(v => (string?)v));
        Assert.Contains(resources, r => (string?)r["name"] == "pods/status");
        Assert.Contains(resources, r => (string?)r["name"] == "pods/binding" && (string?)r["kind"] == "Binding");
        Assert.False((bool)resources.Single(r => (string?)r["name"] == "nodes")["namespaced"]!);
    }

    [Fact]
    public async Task Api_groups_include_the_stored_only_groups_and_the_crd_group()
    {
        var groups = await sandbox.Client.Apis.GetAPIVersionsAsync();

        var names = groups.Groups.Select(g => g.Name).ToList();
        foreach (var expected in new[]
                 {
                     "apps", "rbac.authorization.k8s.io", "policy", "admissionregistration.k8s.io", "events.k8s.io",
                     "coordination.k8s.io", "apiextensions.k8s.io", TestCrds.Group,
                 })
        {
            Assert.Contains(expected, names);
        }
    }

    [Fact]
    public async Task A_new_crd_is_served_and_discoverable_at_once()
    {
        var group = $"{Names.Unique("g")}.example.com";
        var crd = new V1CustomResourceDefinition
        {
            Metadata = new V1ObjectMeta { Name = $"gadgets.{group}" },
            Spec = new V1CustomResourceDefinitionSpec
            {
                Group = group,
                Scope = "Cluster",
                Names = new V1CustomResourceDefinitionNames { Plural = "gadgets", Kind = "Gadget", ShortNames = ["gd"] },
                Versions =
                [
                    new V1CustomResourceDefinitionVersion
                    {
                        Name = "v1beta1", Served = true, Storage = true,
                        Schema = new V1CustomResourceValidation
                        {
                            OpenAPIV3Schema = new V1JSONSchemaProps { Type = "object", XKubernetesPreserveUnknownFields = true },
                        },
                    },
                ],
            },
        };

        var created = await sandbox.Client.ApiextensionsV1.CreateCustomResourceDefinitionAsync(crd);
        using var api = new RawApi(sandbox.Host);
        var (status, body) = await api.GetAsync($"/apis/{group}/v1beta1");

        Assert.Contains(created.Status.Conditions, c => c.Type == "Established" && c.Status == "True");
        Assert.Equal(200, status);
        var gadgets = body!["resources"]!.AsArray().Single()!;
        Assert.False((bool)gadgets["namespaced"]!);
        Assert.Equal("gd", (string?)gadgets["shortNames"]![0]);
        var gadget = new JsonObject
        {
            ["apiVersion"] = $"{group}/v1beta1",
            ["kind"] = "Gadget",
            ["metadata"] = new JsonObject { ["name"] = "first" },
            ["anything"] = "goes",
        };
        await sandbox.Client.CustomObjects.CreateClusterCustomObjectAsync(gadget, group, "v1beta1", "gadgets");
        var list = await api.GetAsync($"/apis/{group}/v1beta1/gadgets");
        Assert.Equal("goes", (string?)list.Body!["items"]![0]!["anything"]);
    }

    [Fact]
    public async Task Openapi_v3_lists_the_patch_operation_with_field_validation_for_each_kind()
    {
        using var api = new RawApi(sandbox.Host);
        var (_, root) = await api.GetAsync("/openapi/v3");
        var url = (string)root!["paths"]!["api/v1"]!["serverRelativeURL"]!;
        var (status, document) = await api.GetAsync(url);

        Assert.Equal(200, status);
        var patch = document!["paths"]!["/api/v1/namespaces/{namespace}/pods/{name}"]!["patch"]!;
        Assert.Equal("Pod", (string?)patch["x-kubernetes-group-version-kind"]!["kind"]);
        Assert.Contains(patch["parameters"]!.AsArray(), p => (string?)p!["name"] == "fieldValidation");
    }

    [Fact]
    public async Task Table_output_gives_kubectl_columns_for_pods_and_printer_columns_for_crds()
    {
        await sandbox.Client.CustomObjects.CreateNamespacedCustomObjectAsync(
            Widgets.Widget(Names.Unique("w"), size: 7), TestCrds.Group, TestCrds.Version, "default", TestCrds.Plural);
        using var api = new RawApi(sandbox.Host);
        const string Accept = "application/json;as=Table;v=v1;g=meta.k8s.io";

        var (_, nodes) = await api.GetAsync("/api/v1/nodes", Accept);
        var (_, widgets) = await api.GetAsync($"/apis/{TestCrds.Group}/{TestCrds.Version}/namespaces/default/widgets", Accept);

        Assert.Equal("Table", (string?)nodes!["kind"]);
        Assert.Equal(["Name", "Status", "Roles", "Age", "Version"],
            nodes["columnDefinitions"]!.AsArray().Where(c => (int)c!["priority"]! == 0).Select(c => (string?)c!["name"]));
        Assert.Equal("Ready", (string?)nodes["rows"]![0]!["cells"]![1]);
        Assert.Equal(["Name", "Size", "Phase"], widgets!["columnDefinitions"]!.AsArray().Select(c => (string?)c!["name"]));
        Assert.Contains(widgets["rows"]!.AsArray(), row => (int?)row!["cells"]![1] == 7);
    }
}
