using System.Text.Json.Nodes;
using ClusterOperator.Sandbox.Json;
using ClusterOperator.Sandbox.Schema;

namespace ClusterOperator.Sandbox.Tests.Unit;

public sealed class SchemaAndYamlTests
{
    [Fact]
    public void Yaml_scalars_resolve_like_kubernetes_yaml()
    {
        var node = YamlJson.ParseSingle("""
            plain: hello
            quoted: "123"
            number: 42
            float: 1.5
            yes: yes
            off: off
            empty:
            list: [a, 1]
            """)!.AsObject();

        Assert.Equal("""{"plain":"hello","quoted":"123","number":42,"float":1.5,"yes":true,"off":false,"empty":null,"list":["a",1]}""",
            node.ToJsonString());
    }

    [Fact]
    public void Multi_document_yaml_skips_empty_documents()
    {
        var documents = YamlJson.ParseDocuments("a: 1\n---\n---\nb: 2\n");

        Assert.Equal(2, documents.Count);
    }

    [Fact]
    public void Structural_schema_validates_nested_items_combinators_and_int_or_string()
    {
        var schema = new StructuralSchema(JsonNode.Parse("""
            {"type":"object","properties":{"spec":{"type":"object","properties":{
              "ports":{"type":"array","maxItems":2,"items":{"type":"object","required":["port"],"properties":{"port":{"type":"integer","minimum":1}}}},
              "target":{"x-kubernetes-int-or-string":true},
              "mode":{"type":"string","anyOf":[{"enum":["a"]},{"enum":["b"]}]}}}}}
            """)!.AsObject());
        var obj = JsonNode.Parse("""{"spec":{"ports":[{"port":0},{},{"port":2}],"target":true,"mode":"c"}}""")!.AsObject();

        var errors = schema.Validate(obj);

        Assert.Contains(errors, e => e.Field == "spec.ports" && e.Reason == "FieldValueTooMany");
        Assert.Contains(errors, e => e.Field == "spec.ports[0].port" && e.Message.Contains("greater than or equal to 1", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Field == "spec.ports[1].port" && e.Reason == "FieldValueRequired");
        Assert.Contains(errors, e => e.Field == "spec.target" && e.Reason == "FieldValueTypeInvalid");
        Assert.Contains(errors, e => e.Field == "spec.mode" && e.Message.Contains("anyOf", StringComparison.Ordinal));
    }

    [Fact]
    public void Huge_numbers_are_compared_not_crashed_on()
    {
        var schema = new StructuralSchema(JsonNode.Parse("""{"type":"object","properties":{"n":{"type":"integer","maximum":8}}}""")!.AsObject());

        var errors = schema.Validate(JsonNode.Parse("""{"n":1e400}""")!.AsObject());

        Assert.Contains(errors, e => e.Field == "n");
    }

    [Fact]
    public void Pruning_keeps_preserved_and_additional_properties_and_reports_the_rest()
    {
        var schema = new StructuralSchema(JsonNode.Parse("""
            {"type":"object","properties":{"spec":{"type":"object","properties":{
              "labels":{"type":"object","additionalProperties":{"type":"string"}},
              "template":{"type":"object","x-kubernetes-preserve-unknown-fields":true}}}}}
            """)!.AsObject());
        var obj = JsonNode.Parse("""{"metadata":{"name":"x","bogus":1},"spec":{"labels":{"a":"b"},"template":{"any":{"thing":1}},"extra":1}}""")!.AsObject();

        var unknown = schema.Prune(obj);

        Assert.Equal(["metadata.bogus", "spec.extra"], unknown.Order());
        Assert.Equal("""{"metadata":{"name":"x"},"spec":{"labels":{"a":"b"},"template":{"any":{"thing":1}}}}""", obj.ToJsonString());
    }

    [Theory]
    [InlineData("500m", 0.5)]
    [InlineData("4", 4)]
    [InlineData("2Gi", 2147483648)]
    [InlineData("1e3", 1000)]
    [InlineData("1.5k", 1500)]
    public void Quantities_parse_with_binary_and_decimal_suffixes(string text, double expected) =>
        Assert.Equal((decimal)expected, Quantity.ParseOrZero(text));

    [Theory]
    [InlineData(45, "45s")]
    [InlineData(200, "3m20s")]
    [InlineData(3600 * 5 + 60 * 7, "5h7m")]
    [InlineData(86400 * 3, "3d")]
    public void Ages_format_like_kubectl(int seconds, string expected) =>
        Assert.Equal(expected, HumanDuration.Format(TimeSpan.FromSeconds(seconds)));

    [Fact]
    public void Json_path_filters_pick_the_condition_by_type()
    {
        var obj = JsonNode.Parse("""{"status":{"conditions":[{"type":"A","status":"False"},{"type":"Ready","status":"True"}]}}""");

        var values = JsonPathExpression.Parse(".status.conditions[?(@.type==\"Ready\")].status").Evaluate(obj);

        Assert.Equal("True", (string?)values.Single());
    }
}
