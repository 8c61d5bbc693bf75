using System.Text;
using System.Text.Json.Nodes;
using ClusterOperator.Sandbox.Json;
using ClusterOperator.Sandbox.Tests.Support;
using k8s;
using k8s.Models;

namespace ClusterOperator.Sandbox.Tests.Integration;

/// <summary>
/// Bodies a real API server (Go encoding/json, depth limit 10,000) stores must be stored, and what the sandbox
/// cannot take must be refused with 400: unpaired surrogate escapes and deep nesting on every parse path.
/// </summary>
public sealed class HostileBodyEncodingTests(SandboxFixture sandbox) : IClassFixture<SandboxFixture>
{
    private const string ConfigMaps = "/api/v1/namespaces/default/configmaps";

    [Theory]
    [InlineData(@"half a pair: \ud800", "half a pair: \uFFFD")]
    [InlineData(@"low alone \udc00 then text", "low alone \uFFFD then text")]
    [InlineData(@"reversed \udc00\ud800", "reversed \uFFFD\uFFFD")]
    [InlineData(@"a real pair \ud83d\ude00 survives", "a real pair \U0001F600 survives")]
    [InlineData(@"escapes \""\\\/\n\t stay", "escapes \"\\/\n\t stay")]
    public async Task A_lone_surrogate_escape_is_stored_as_the_replacement_character(string escaped, string expected)
    {
        using var api = new RawApi(sandbox.Host);
        var name = Names.Unique("surrogate");
        var body = $$$"""{"metadata":{"name":"{{{name}}}"},"data":{"hypothesis":"{{{escaped}}}"}}""";

        var (status, _, _) = await api.SendAsync(HttpMethod.Post, ConfigMaps, body, "application/json");
        var stored = await sandbox.Client.CoreV1.ReadNamespacedConfigMapAsync(name, "default");

        Assert.Equal(201, status);
        Assert.Equal(expected, stored.Data["hypothesis"]);
    }

    [Theory]
    [InlineData(@"\ud800")]
    [InlineData(@"\udc00")]
    [InlineData(@"\U0000DC00")]
    public async Task A_surrogate_escape_in_yaml_is_refused_with_400_as_go_yaml_does(string escaped)
    {
        using var api = new RawApi(sandbox.Host);
        var body = $"metadata:\n  name: {Names.Unique("surrogate-yaml")}\ndata:\n  hypothesis: \"half a pair: {escaped}\"\n";

        var (status, refused, _) = await api.SendAsync(HttpMethod.Post, ConfigMaps, body, "application/yaml");

        Assert.Equal(400, status);
        Assert.Equal("Status", (string?)refused!["kind"]);
    }

    [Fact]
    public async Task A_lone_surrogate_in_a_key_and_in_a_merge_patch_is_replaced_too()
    {
        using var api = new RawApi(sandbox.Host);
        var name = Names.Unique("surrogate-patch");
        await sandbox.Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = name } }, "default");

        var (status, _, _) = await api.SendAsync(HttpMethod.Patch, $"{ConfigMaps}/{name}",
            """{"metadata":{"annotations":{"note":"x\ud800y"}},"data":{"k\udbff":"v"}}""", "application/merge-patch+json");
        var stored = await sandbox.Client.CoreV1.ReadNamespacedConfigMapAsync(name, "default");

        Assert.Equal(200, status);
        Assert.Equal("x\uFFFDy", stored.Metadata.Annotations["note"]);
        Assert.Equal("v", stored.Data["k\uFFFD"]);
    }

    [Fact]
    public async Task A_strategic_merge_patch_replaces_lone_surrogates_and_refuses_nesting_beyond_the_limit()
    {
        using var api = new RawApi(sandbox.Host);
        var name = Names.Unique("strategic");
        await sandbox.Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = name } }, "default");
        const string contentType = "application/strategic-merge-patch+json";

        var (status, _, _) = await api.SendAsync(HttpMethod.Patch, $"{ConfigMaps}/{name}", """{"data":{"k":"\ud800"}}""", contentType);
        var (tooDeepStatus, refused, _) = await api.SendAsync(HttpMethod.Patch, $"{ConfigMaps}/{name}",
            """{"data":{"k":""" + Nested(JsonNodes.MaxDepth) + "}}", contentType);
        var stored = await sandbox.Client.CoreV1.ReadNamespacedConfigMapAsync(name, "default");

        Assert.Equal(200, status);
        Assert.Equal("\uFFFD", stored.Data["k"]);
        Assert.Equal(400, tooDeepStatus);
        Assert.Equal("Status", (string?)refused!["kind"]);
    }

    [Theory]
    [InlineData("application/json", 200)]
    [InlineData("application/yaml", 200)]
    [InlineData("application/json", 990)]
    [InlineData("application/yaml", 990)]
    public async Task Deep_nesting_in_a_preserved_field_is_stored_and_served_whole(string contentType, int depth)
    {
        var crd = await PreservingCrdAsync();
        using var api = new RawApi(sandbox.Host);
        var name = Names.Unique("deep");

        var (status, created, _) = await api.SendAsync(HttpMethod.Post, crd.Path, Gadget(crd, name, depth, contentType), contentType);
        var (readStatus, read) = await api.GetAsync($"{crd.Path}/{name}");
        var (listStatus, list) = await api.GetAsync(crd.Path);

        Assert.Equal(201, status);
        Assert.Equal(depth, NestedDepth(created!["spec"]!["template"]!["x-nested"]));
        Assert.Equal(200, readStatus);
        Assert.Equal(depth, NestedDepth(read!["spec"]!["template"]!["x-nested"]));
        Assert.Equal(200, listStatus);
        Assert.Equal(depth, NestedDepth(list!["items"]!.AsArray().Single()!["spec"]!["template"]!["x-nested"]));
    }

    [Theory]
    [InlineData("application/json")]
    [InlineData("application/yaml")]
    public async Task Nesting_beyond_the_depth_limit_is_refused_with_400_on_create(string contentType)
    {
        var crd = await PreservingCrdAsync();
        using var api = new RawApi(sandbox.Host);

        var (status, body, _) = await api.SendAsync(HttpMethod.Post, crd.Path,
            Gadget(crd, Names.Unique("too-deep"), JsonNodes.MaxDepth, contentType), contentType);
        var (after, _) = await api.GetAsync(crd.Path);

        Assert.Equal(400, status);
        Assert.Equal("Status", (string?)body!["kind"]);
        Assert.Equal(200, after);
    }

    [Theory]
    [InlineData("application/merge-patch+json")]
    [InlineData("application/json-patch+json")]
    [InlineData("application/apply-patch+yaml")]
    public async Task Every_patch_type_stores_deep_nesting_and_refuses_nesting_beyond_the_limit(string contentType)
    {
        var crd = await PreservingCrdAsync();
        using var api = new RawApi(sandbox.Host);
        var name = Names.Unique("deep-patch");
        await api.SendAsync(HttpMethod.Post, crd.Path, Gadget(crd, name, 1, "application/json"), "application/json");
        var path = $"{crd.Path}/{name}?fieldManager=hostile";

        var (deepStatus, deep, _) = await api.SendAsync(HttpMethod.Patch, path, Patch(crd, name, 200, contentType), contentType);
        var (tooDeepStatus, refused, _) = await api.SendAsync(HttpMethod.Patch, path, Patch(crd, name, JsonNodes.MaxDepth, contentType),
            contentType);

        Assert.Equal(200, deepStatus);
        Assert.Equal(200, NestedDepth(deep!["spec"]!["template"]!["x-nested"]));
        Assert.Equal(400, tooDeepStatus);
        Assert.Equal("Status", (string?)refused!["kind"]);
    }

    private static string Patch(PreservingCrd crd, string name, int depth, string contentType) => contentType switch
    {
        "application/json-patch+json" => """[{"op":"add","path":"/spec/template/x-nested","value":""" + Nested(depth) + "}]",
        "application/apply-patch+yaml" => Gadget(crd, name, depth, "application/yaml"),
        _ => """{"spec":{"template":{"x-nested":""" + Nested(depth) + "}}}",
    };

    /// <summary>A gadget whose spec.template.x-nested holds <paramref name="depth"/> nested arrays around a 1.</summary>
    private static string Gadget(PreservingCrd crd, string name, int depth, string contentType) => contentType == "application/yaml"
        ? $"apiVersion: {crd.ApiVersion}\nkind: Gadget\nmetadata:\n  name: {name}\nspec:\n  template:\n    x-nested: {Nested(depth)}\n"
        : $$"""{"apiVersion":"{{crd.ApiVersion}}","kind":"Gadget","metadata":{"name":"{{name}}"},"spec":{"template":{"x-nested":"""
            + Nested(depth) + "}}}";

    private static string Nested(int depth) => new StringBuilder().Append('[', depth).Append('1').Append(']', depth).ToString();

    private static int NestedDepth(JsonNode? node)
    {
        var depth = 0;
        while (node is JsonArray array)
        {
            depth++;
            node = array.Single();
        }

        Assert.Equal(1, (int)node!);
        return depth;
    }

    private async Task<PreservingCrd> PreservingCrdAsync()
    {
        var group = $"{Names.Unique("deep")}.example.com";
        await sandbox.Client.ApiextensionsV1.CreateCustomResourceDefinitionAsync(new V1CustomResourceDefinition
        {
            Metadata = new V1ObjectMeta { Name = $"gadgets.{group}" },
            Spec = new V1CustomResourceDefinitionSpec
            {
                Group = group,
                Scope = "Namespaced",
                Names = new V1CustomResourceDefinitionNames { Plural = "gadgets", Kind = "Gadget" },
                Versions =
                [
                    new V1CustomResourceDefinitionVersion
                    {
                        Name = "v1", Served = true, Storage = true,
                        Schema = new V1CustomResourceValidation
                        {
                            OpenAPIV3Schema = new V1JSONSchemaProps
                            {
                                Type = "object",
                                Properties = new Dictionary<string, V1JSONSchemaProps>
                                {
                                    ["spec"] = new()
                                    {
                                        Type = "object",
                                        Properties = new Dictionary<string, V1JSONSchemaProps>
                                        {
                                            ["template"] = new() { Type = "object", XKubernetesPreserveUnknownFields = true },
                                        },
                                    },
                                },
                            },
                        },
                    },
                ],
            },
        });
        return new PreservingCrd($"{group}/v1", $"/apis/{group}/v1/namespaces/default/gadgets");
    }

    private sealed record PreservingCrd(string ApiVersion, string Path);
}
