using System.Text.Json.Nodes;
using ClusterOperator.Sandbox.Admission;
using ClusterOperator.Sandbox.Cel;

namespace ClusterOperator.Sandbox.Tests.Unit;

public sealed class CelTests
{
    private static readonly JsonObject Run = JsonNode.Parse("""
        {"metadata": {"name": "r1", "labels": {"team": "vision"}},
         "spec": {"owner": "alice", "replicas": 2, "ratio": 0.5, "tags": ["a", "b"], "empty": null}}
        """)!.AsObject();

    private static readonly JsonObject Request = JsonNode.Parse("""
        {"operation": "CREATE", "namespace": "team-a", "userInfo": {"username": "alice", "groups": ["system:authenticated"]}}
        """)!.AsObject();

    [Theory]
    [InlineData("true", true)]
    [InlineData("!false", true)]
    [InlineData("1 == 1.0", true)]
    [InlineData("'a' == \"a\"", true)]
    [InlineData("'a' != 'b'", true)]
    [InlineData("null == null", true)]
    [InlineData("1 == 'a'", false)]
    [InlineData("object.spec.owner == 'alice'", true)]
    [InlineData("object.spec.owner == request.userInfo.username", true)]
    [InlineData("object.spec.replicas == 2", true)]
    [InlineData("object.spec.ratio == 0.5", true)]
    [InlineData("object.spec.empty == null", true)]
    [InlineData("has(object.spec.owner)", true)]
    [InlineData("has(object.spec.missing)", false)]
    [InlineData("has(object.spec.empty)", false)]
    [InlineData("!has(object.spec.missing) && has(object.metadata.labels)", true)]
    [InlineData("'b' in object.spec.tags", true)]
    [InlineData("'c' in object.spec.tags", false)]
    [InlineData("request.operation in ['CREATE', 'UPDATE']", true)]
    [InlineData("'team' in object.metadata.labels", true)]
    [InlineData("size(object.spec.tags) == 2", true)]
    [InlineData("object.spec.tags.size() == 2", true)]
    [InlineData("size('héllo') == 5", true)]
    [InlineData("size(object.metadata.labels) == 1", true)]
    [InlineData("request.namespace.startsWith('team-')", true)]
    [InlineData("request.namespace.startsWith('ops-')", false)]
    [InlineData("'x' + 'y' + \"z\" == 'xyz'", true)]
    [InlineData("[1] + [2] == [1, 2]", true)]
    [InlineData("1 + 2 == 3", true)]
    [InlineData("-1 + 2 == 1", true)]
    [InlineData("(false || true) && !(true && false)", true)]
    [InlineData("false || false", false)]
    [InlineData("'it\\'s' == \"it's\"", true)]
    public void Supported_expressions_evaluate_as_cel_defines_them(string source, bool expected)
    {
        Assert.Equal(expected, Evaluate(source));
    }

    [Fact]
    public void Message_expressions_build_strings()
    {
        var message = Compile("'owner ' + object.spec.owner + ' is not ' + request.userInfo.username").Evaluate(Variables());

        Assert.Equal("owner alice is not alice", message);
    }

    [Theory]
    [InlineData("true || object.spec.missing == 'x'")]
    [InlineData("object.spec.missing == 'x' || true")]
    [InlineData("oldObject.spec.owner == 'x' || true")]
    public void An_error_on_one_side_of_or_is_absorbed_when_the_other_side_is_true(string source)
    {
        Assert.Equal(true, Evaluate(source));
    }

    [Theory]
    [InlineData("false && object.spec.missing == 'x'")]
    [InlineData("object.spec.missing == 'x' && false")]
    public void An_error_on_one_side_of_and_is_absorbed_when_the_other_side_is_false(string source)
    {
        Assert.Equal(false, Evaluate(source));
    }

    [Theory]
    [InlineData("object.spec.missing == 'x'", "no such key: missing")]
    [InlineData("oldObject.spec.owner == 'x'", "no such overload")]
    [InlineData("object.spec.missing == 'x' || false", "no such key: missing")]
    [InlineData("object.spec.owner + 1 == 'x'", "no such overload: +(string, int)")]
    [InlineData("!object.spec.owner", "no such overload: !(string)")]
    [InlineData("object.spec.owner || true == false", "no such overload")]
    [InlineData("size(object.spec.replicas) == 1", "no such overload: size(int)")]
    [InlineData("has(object.spec.owner.first)", "no such overload")]
    public void Inputs_that_do_not_fit_are_evaluation_errors_not_false(string source, string message)
    {
        var error = Assert.Throws<CelEvaluationException>(() => Evaluate(source));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("object.spec.replicas > 1", "the operator >")]
    [InlineData("object.spec.replicas <= 1", "the operator <=")]
    [InlineData("object.spec.replicas - 1 == 1", "the arithmetic operator -")]
    [InlineData("object.spec.replicas * 2 == 4", "the arithmetic operator *")]
    [InlineData("has(object.spec.owner) ? 1 : 2", "the conditional operator ?:")]
    [InlineData("object.spec.tags[0] == 'a'", "indexing with []")]
    [InlineData("object.spec.tags.all(t, t != '')", "the macro all()")]
    [InlineData("object.spec.tags.exists(t, t == 'a')", "the macro exists()")]
    [InlineData("{'a': 1}.size() == 1", "map literals")]
    [InlineData("params.owner == 'x'", "the variable 'params'")]
    [InlineData("variables.owner == 'x'", "the variable 'variables'")]
    [InlineData("authorizer.group('') != null", "the variable 'authorizer'")]
    [InlineData("1u == 1u", "unsigned integer literals")]
    [InlineData("0x10 == 16", "hexadecimal literals")]
    [InlineData("r'raw' == 'raw'", "r-prefixed string literals")]
    [InlineData("'''long''' == 'long'", "triple-quoted string literals")]
    public void Syntax_outside_the_subset_fails_to_compile_and_names_what_is_unsupported(string source, string what)
    {
        var error = Assert.Throws<CelCompileException>(() => Compile(source));

        Assert.Contains("Unsupported CEL syntax", error.Message, StringComparison.Ordinal);
        Assert.Contains(what, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("objekt.spec.owner == 'x'", "undeclared reference to 'objekt'")]
    [InlineData("object.spec.owner.endsWith('x')", "undeclared reference to 'endsWith'")]
    [InlineData("matches(object.spec.owner, 'a.*')", "undeclared reference to 'matches'")]
    [InlineData("has(object)", "invalid argument to has() macro")]
    [InlineData("object.spec.owner == ", "unexpected end of input")]
    [InlineData("(object.spec.owner == 'a'", "expected ')'")]
    [InlineData("object.spec.owner == 'a", "unterminated string literal")]
    [InlineData("object.spec.owner # 'a'", "unexpected character '#'")]
    [InlineData("object.spec.owner 'a'", "unexpected 'a' at 18")]
    [InlineData("99999999999999999999 == 1", "out of range")]
    public void Malformed_expressions_and_unknown_names_fail_to_compile(string source, string message)
    {
        var error = Assert.Throws<CelCompileException>(() => Compile(source));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_chart_owner_policy_expression_compiles_and_decides_like_the_api_server()
    {
        const string policy = """
            !has(object.spec.owner)
            || object.spec.owner == request.userInfo.username
            || object.spec.owner == request.namespace
            || (request.operation == 'UPDATE' && has(oldObject.spec.owner) && oldObject.spec.owner == object.spec.owner)
            """;
        var program = Compile(policy);

        Assert.Equal(true, program.Evaluate(Variables(owner: "alice")));
        Assert.Equal(true, program.Evaluate(Variables(owner: "team-a")));
        Assert.Equal(true, program.Evaluate(Variables(owner: null)));
        Assert.Equal(false, program.Evaluate(Variables(owner: "bob")));
        Assert.Equal(true, program.Evaluate(Variables(owner: "bob", oldOwner: "bob", operation: "UPDATE")));
        Assert.Equal(false, program.Evaluate(Variables(owner: "bob", oldOwner: "carol", operation: "UPDATE")));
    }

    private static object? Evaluate(string source) => Compile(source).Evaluate(Variables());

    private static CelProgram Compile(string source) => CelProgram.Compile(source, CompiledPolicy.Variables);

    private static Dictionary<string, JsonNode?> Variables() => new()
    {
        ["object"] = Run.DeepClone(),
        ["oldObject"] = null,
        ["request"] = Request.DeepClone(),
    };

    private static Dictionary<string, JsonNode?> Variables(string? owner, string? oldOwner = null, string operation = "CREATE")
    {
        static JsonObject WithOwner(string? owner) =>
            new() { ["spec"] = owner is null ? new JsonObject() : new JsonObject { ["owner"] = owner } };

        var request = Request.DeepClone().AsObject();
        request["operation"] = operation;
        return new Dictionary<string, JsonNode?>
        {
            ["object"] = WithOwner(owner),
            ["oldObject"] = operation == "UPDATE" ? WithOwner(oldOwner) : null,
            ["request"] = request,
        };
    }
}
