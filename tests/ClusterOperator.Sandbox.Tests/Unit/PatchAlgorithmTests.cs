using System.Text.Json.Nodes;
using ClusterOperator.Sandbox.Errors;
using ClusterOperator.Sandbox.Patching;

namespace ClusterOperator.Sandbox.Tests.Unit;

public sealed class PatchAlgorithmTests
{
    private static readonly PatchSchema PodSchema = PatchSchema.Build(PatchSchema.PodSpecLists("spec"));

    [Fact]
    public void Json_patch_supports_move_copy_and_array_append()
    {
        var document = JsonNode.Parse("""{"a":{"b":1},"list":[1]}""")!;

        var result = JsonPatch.Apply(document, JsonNode.Parse("""
            [{"op":"copy","from":"/a/b","path":"/c"},{"op":"move","from":"/a","path":"/d"},{"op":"add","path":"/list/-","value":2}]
            """));

        Assert.Equal("""{"list":[1,2],"c":1,"d":{"b":1}}""", result.ToJsonString());
        Assert.Equal("""{"a":{"b":1},"list":[1]}""", document.ToJsonString());
    }

    [Fact]
    public void Json_patch_removing_a_missing_path_fails()
    {
        var error = Assert.Throws<ApiException>(() => JsonPatch.Apply(JsonNode.Parse("{}")!,
            JsonNode.Parse("""[{"op":"remove","path":"/missing"}]""")));

        Assert.Equal(422, error.Code);
    }

    [Fact]
    public void Merge_patch_replaces_lists_and_deletes_nulls()
    {
        var result = MergePatch.Apply(JsonNode.Parse("""{"a":[1,2],"b":{"c":1,"d":2}}"""),
            JsonNode.Parse("""{"a":[3],"b":{"c":null}}"""));

        Assert.Equal("""{"a":[3],"b":{"d":2}}""", result!.ToJsonString());
    }

    [Fact]
    public void Strategic_merge_patch_retain_keys_and_delete_from_primitive_list()
    {
        var original = JsonNode.Parse("""{"metadata":{"finalizers":["a","b"]},"spec":{"strategy":{"type":"RollingUpdate","rollingUpdate":{"maxSurge":1}}}}""")!.AsObject();

        var result = StrategicMergePatch.Apply(original, JsonNode.Parse("""
            {"metadata":{"$deleteFromPrimitiveList/finalizers":["a"]},
             "spec":{"strategy":{"$retainKeys":["type"],"type":"Recreate"}}}
            """), PodSchema);

        Assert.Equal("""{"metadata":{"finalizers":["b"]},"spec":{"strategy":{"type":"Recreate"}}}""", result.ToJsonString());
    }

    [Fact]
    public void Strategic_merge_patch_replace_directive_swaps_the_whole_list()
    {
        var original = JsonNode.Parse("""{"spec":{"containers":[{"name":"a"},{"name":"b"}]}}""")!.AsObject();

        var result = StrategicMergePatch.Apply(original,
            JsonNode.Parse("""{"spec":{"containers":[{"$patch":"replace"},{"name":"c"}]}}"""), PodSchema);

        Assert.Equal("""{"spec":{"containers":[{"name":"c"}]}}""", result.ToJsonString());
    }

    [Fact]
    public void Server_side_apply_records_fields_v1_with_list_keys()
    {
        var live = JsonNode.Parse("""{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"}}""")!.AsObject();
        var applied = JsonNode.Parse("""{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p","labels":{"a":"b"}},"spec":{"containers":[{"name":"main","image":"x"}]}}""")!.AsObject();

        var result = ServerSideApply.Apply(live, applied, new ApplyRequest("me", false, PodSchema, "v1", null, DateTimeOffset.UnixEpoch));

        var entry = result["metadata"]!["managedFields"]![0]!;
        Assert.Equal("me", (string?)entry["manager"]);
        var fields = entry["fieldsV1"]!;
        Assert.NotNull(fields["f:metadata"]!["f:labels"]!["f:a"]);
        var container = fields["f:spec"]!["f:containers"]!["k:{\"name\":\"main\"}"]!.AsObject();
        Assert.True(container.ContainsKey("."));
        Assert.True(container.ContainsKey("f:image"));
        Assert.Equal("x", (string?)result["spec"]!["containers"]![0]!["image"]);
    }

    [Fact]
    public void Field_paths_round_trip_through_fields_v1()
    {
        var paths = new[] { "f:spec\nf:containers\nk:{\"name\":\"a\"}", "f:spec\nf:containers\nk:{\"name\":\"a\"}\nf:image", "f:data\nf:x" };

        var roundTripped = FieldPath.FromFieldsV1(FieldPath.ToFieldsV1(paths));

        Assert.True(roundTripped.SetEquals(paths));
    }
}
