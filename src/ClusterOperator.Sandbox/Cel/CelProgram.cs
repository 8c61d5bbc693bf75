using System.Text.Json.Nodes;

namespace ClusterOperator.Sandbox.Cel;

/// <summary>
/// A compiled CEL expression over declared JSON variables. <see cref="Compile"/> throws <see cref="CelCompileException"/>
/// for anything outside the subset; <see cref="Evaluate"/> throws <see cref="CelEvaluationException"/> when the
/// inputs do not fit (a missing key, a type mismatch), as CEL reports errors rather than guessing.
/// </summary>
internal sealed class CelProgram
{
    private readonly CelExpression _root;

    private CelProgram(string source, CelExpression root)
    {
        Source = source;
        _root = root;
    }

    public string Source { get; }

    public static CelProgram Compile(string source, IReadOnlySet<string> variables) =>
        new(source, CelParser.Parse(source, variables));

    /// <summary>Evaluates with the given variables (a missing one is null, as oldObject is on CREATE).</summary>
    public object? Evaluate(IReadOnlyDictionary<string, JsonNode?> variables) => Eval(_root, variables);

    private static object? Eval(CelExpression expression, IReadOnlyDictionary<string, JsonNode?> variables) => expression switch
    {
        CelLiteral literal => literal.Value,
        CelVariable variable => CelValues.FromJson(variables.GetValueOrDefault(variable.Name)),
        CelSelect select => Select(Eval(select.Operand, variables), select.Field),
        CelHas has => Has(Eval(has.Select.Operand, variables), has.Select.Field),
        CelList list => list.Items.Select(item => Eval(item, variables)).ToList(),
        CelUnary unary => Unary(unary.Operator, Eval(unary.Operand, variables)),
        CelBinary { Operator: "&&" or "||" } logical => Logical(logical, variables),
        CelBinary binary => Binary(binary.Operator, Eval(binary.Left, variables), Eval(binary.Right, variables)),
        CelCall call => Call(call, variables),
        _ => throw new CelEvaluationException($"unknown expression node {expression.GetType().Name}"),
    };

    private static object? Select(object? operand, string field) => operand switch
    {
        JsonObject map when map.TryGetPropertyValue(field, out var value) => CelValues.FromJson(value),
        JsonObject => throw new CelEvaluationException($"no such key: {field}"),
        _ => throw new CelEvaluationException($"no such overload: select of '{field}' on {CelValues.TypeName(operand)}"),
    };

    private static bool Has(object? operand, string field) => operand switch
    {
        JsonObject map => map.TryGetPropertyValue(field, out var value) && value is not null,
        _ => throw new CelEvaluationException($"no such overload: has() of '{field}' on {CelValues.TypeName(operand)}"),
    };

    private static object? Unary(string op, object? operand) => (op, operand) switch
    {
        ("!", bool value) => !value,
        ("-", long value) when value != long.MinValue => -value,
        ("-", double value) => -value,
        _ => throw NoOverload(op, operand),
    };

    /// <summary>CEL's commutative logic: an error on one side is absorbed when the other side decides the result.</summary>
    private static bool Logical(CelBinary binary, IReadOnlyDictionary<string, JsonNode?> variables)
    {
        var decisive = binary.Operator == "||";
        Exception? leftError = null;
        try
        {
            if (AsBool(Eval(binary.Left, variables), binary.Operator) == decisive)
            {
                return decisive;
            }
        }
        catch (CelEvaluationException error)
        {
            leftError = error;
        }

        if (AsBool(Eval(binary.Right, variables), binary.Operator) == decisive)
        {
            return decisive;
        }

        return leftError is null ? !decisive : throw leftError;
    }

    private static object? Binary(string op, object? left, object? right) => (op, left, right) switch
    {
        ("==", _, _) => CelValues.Equal(left, right),
        ("!=", _, _) => !CelValues.Equal(left, right),
        ("+", string a, string b) => a + b,
        ("+", long a, long b) => checked(a + b),
        ("+", double a, double b) => a + b,
        ("+", IReadOnlyList<object?> a, IReadOnlyList<object?> b) => a.Concat(b).ToList(),
        ("in", _, IReadOnlyList<object?> list) => list.Any(item => CelValues.Equal(item, left)),
        ("in", string key, JsonObject map) => map.ContainsKey(key),
        _ => throw NoOverload(op, left, right),
    };

    private static object? Call(CelCall call, IReadOnlyDictionary<string, JsonNode?> variables)
    {
        var target = call.Target is null ? null : Eval(call.Target, variables);
        var arguments = call.Arguments.Select(argument => Eval(argument, variables)).ToList();
        return (call.Function, call.Target is null ? arguments[0] : target, arguments.Count) switch
        {
            ("size", string text, _) => (long)text.EnumerateRunes().Count(),
            ("size", IReadOnlyList<object?> list, _) => (long)list.Count,
            ("size", JsonObject map, _) => (long)map.Count,
            ("startsWith", string text, 1) when arguments[0] is string prefix => text.StartsWith(prefix, StringComparison.Ordinal),
            _ => throw NoOverload(call.Function, [call.Target is null ? arguments[0] : target, .. call.Target is null ? [] : arguments]),
        };
    }

    private static bool AsBool(object? value, string op) =>
        value as bool? ?? throw NoOverload(op, value);

    private static CelEvaluationException NoOverload(string op, params object?[] operands) =>
        new($"no such overload: {op}({string.Join(", ", operands.Select(CelValues.TypeName))})");
}
