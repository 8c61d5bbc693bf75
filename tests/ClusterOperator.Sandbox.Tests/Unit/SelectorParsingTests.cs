using System.Text.Json.Nodes;
using ClusterOperator.Sandbox.Selectors;
using CsCheck;

namespace ClusterOperator.Sandbox.Tests.Unit;

public sealed class SelectorParsingTests
{
    private static JsonObject WithLabels(params (string Key, string Value)[] labels)
    {
        var map = new JsonObject();
        foreach (var (key, value) in labels)
        {
            map[key] = value;
        }

        return new JsonObject { ["metadata"] = new JsonObject { ["labels"] = map } };
    }

    [Fact]
    public void Set_based_requirements_and_equality_combine_with_and()
    {
        var selector = LabelSelector.Parse("app in (web, api),tier!=db,!legacy,team");

        Assert.True(selector.Matches(WithLabels(("app", "api"), ("tier", "front"), ("team", "a"))));
        Assert.False(selector.Matches(WithLabels(("app", "api"), ("tier", "front"), ("team", "a"), ("legacy", "yes"))));
        Assert.False(selector.Matches(WithLabels(("app", "batch"), ("team", "a"))));
        Assert.False(selector.Matches(WithLabels(("app", "web"))));
    }

    [Fact]
    public void Numeric_comparisons_need_numbers()
    {
        var selector = LabelSelector.Parse("replicas>2");

        Assert.True(selector.Matches(WithLabels(("replicas", "3"))));
        Assert.False(selector.Matches(WithLabels(("replicas", "two"))));
    }

    [Theory]
    [InlineData("app in web")]
    [InlineData("=value")]
    [InlineData("a,,b")]
    public void Malformed_label_selectors_are_format_errors(string text) =>
        Assert.Throws<FormatException>(() => LabelSelector.Parse(text));

    [Fact]
    public void Field_selectors_unescape_values_and_support_inequality()
    {
        var selector = FieldSelector.Parse(@"metadata.name=a\,b,status.phase!=Failed");
        var fields = new Dictionary<string, string> { ["metadata.name"] = "a,b", ["status.phase"] = "Running" };

        Assert.Equal(2, selector.Requirements.Count);
        Assert.True(selector.Matches(field => fields.GetValueOrDefault(field)));
        fields["status.phase"] = "Failed";
        Assert.False(selector.Matches(field => fields.GetValueOrDefault(field)));
    }

    [Fact]
    public void In_matches_exactly_the_labels_whose_value_is_in_the_set() =>
        Gen.Select(Gen.String["abc"].List[1, 4], Gen.String["abc"])
            .Where((values, _) => values.All(v => v.Length > 0 && v.All(char.IsLetter)))
            .Sample((values, value) =>
            {
                var selector = LabelSelector.Parse($"k in ({string.Join(",", values)})");
                var matches = value.Length > 0 && selector.Matches(WithLabels(("k", value)));
                return matches == (value.Length > 0 && values.Contains(value));
            });
}
