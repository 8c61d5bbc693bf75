using System.Text.Json.Nodes;
using ClusterOperator.Api.Schema;

namespace ClusterOperator.Api.Tests;

public sealed class SchemaGeneratorTests
{
    [Theory]
    [InlineData("trainingruns")]
    [InlineData("ideaexperiments")]
    public void Every_schema_node_is_structural(string plural)
    {
        var crd = CrdGenerator.Generate(CrdDescription.All.Single(c => c.Plural == plural));
        var root = crd["spec"]!["versions"]![0]!["schema"]!["openAPIV3Schema"]!.AsObject();

        foreach (var (path, node) in Walk("", root))
        {
            Assert.True(node["type"] is not null, $"{path} has no type, so the schema is not structural.");
        }
    }

    [Fact]
    public void Training_run_schema_carries_bounds_defaults_and_descriptions()
    {
        var spec = SpecSchema("trainingruns");
        var replicas = spec["properties"]!["replicas"]!;

        Assert.Equal(1, (long)replicas["minimum"]!);
        Assert.Equal(1024, (long)replicas["maximum"]!);
        Assert.Equal(1, (int)replicas["default"]!);
        Assert.StartsWith("replicas ", (string)replicas["description"]!);
        Assert.Equal(60, (int)spec["properties"]!["preemption"]!["properties"]!["gracePeriodSeconds"]!["default"]!);
        Assert.Contains("template", spec["required"]!.AsArray().Select(n => (string)n!));
    }

    [Fact]
    public void Pod_template_keeps_unknown_fields_but_requires_a_container()
    {
        var template = SpecSchema("ideaexperiments")["properties"]!["template"]!;
        var containers = template["properties"]!["spec"]!["properties"]!["containers"]!;

        Assert.True((bool)template["x-kubernetes-preserve-unknown-fields"]!);
        Assert.Equal(1, (int)containers["minItems"]!);
        Assert.Contains("containers", template["properties"]!["spec"]!["required"]!.AsArray().Select(n => (string)n!));
    }

    [Fact]
    public void Idea_variants_are_capped_at_sixteen()
    {
        var variants = SpecSchema("ideaexperiments")["properties"]!["variants"]!;

        Assert.Equal(16, (int)variants["maxItems"]!);
    }

    [Fact]
    public void Phase_is_an_enum()
    {
        var crd = CrdGenerator.Generate(CrdDescription.IdeaExperiment);
        var phase = crd["spec"]!["versions"]![0]!["schema"]!["openAPIV3Schema"]!["properties"]!["status"]!["properties"]!["phase"]!;

        Assert.Equal(["Pending", "Running", "Succeeded", "Failed", "TimedOut"], phase["enum"]!.AsArray().Select(n => (string)n!));
    }

    private static JsonNode SpecSchema(string plural) =>
        CrdGenerator.Generate(CrdDescription.All.Single(c => c.Plural == plural))
            ["spec"]!["versions"]![0]!["schema"]!["openAPIV3Schema"]!["properties"]!["spec"]!;

    private static IEnumerable<(string Path, JsonObject Node)> Walk(string path, JsonObject node)
    {
        yield return (path, node);
        if (node["properties"] is JsonObject properties)
        {
            foreach (var (name, child) in properties)
            {
                foreach (var inner in Walk($"{path}.{name}", child!.AsObject()))
                {
                    yield return inner;
                }
            }
        }

        if (node["items"] is JsonObject items)
        {
            foreach (var inner in Walk(path + "[]", items))
            {
                yield return inner;
            }
        }
    }
}
