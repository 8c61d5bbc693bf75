using System.Globalization;

namespace ClusterOperator.Sandbox.Cel;

/// <summary>
/// A recursive-descent parser for the CEL subset: literals, the declared variables, field selection, <c>has()</c>,
/// list literals, <c>!</c>, unary <c>-</c>, <c>==</c>, <c>!=</c>, <c>&amp;&amp;</c>, <c>||</c>, <c>+</c>, <c>in</c>,
/// <c>size()</c> and <c>startsWith()</c>, with CEL's precedence. Any other CEL syntax is a compile error that names it.
/// </summary>
internal sealed class CelParser
{
    /// <summary>Variables the API server declares for ValidatingAdmissionPolicies but the sandbox does not provide.</summary>
    private static readonly string[] UnprovidedVariables = ["params", "namespaceObject", "authorizer", "variables"];

    private static readonly string[] Macros = ["all", "exists", "exists_one", "map", "filter"];

    private readonly IReadOnlyList<CelToken> _tokens;
    private readonly IReadOnlySet<string> _variables;
    private int _next;

    private CelParser(IReadOnlyList<CelToken> tokens, IReadOnlySet<string> variables)
    {
        _tokens = tokens;
        _variables = variables;
    }

    public static CelExpression Parse(string source, IReadOnlySet<string> variables)
    {
        var parser = new CelParser(CelLexer.Tokenize(source), variables);
        var expression = parser.Expression();
        if (parser.Peek.Kind != CelTokenKind.End)
        {
            throw parser.Unexpected();
        }

        return expression;
    }

    private CelToken Peek => _tokens[_next];

    private CelExpression Expression()
    {
        var condition = Or();
        if (Peek.Is("?"))
        {
            throw Unsupported("the conditional operator ?:");
        }

        return condition;
    }

    private CelExpression Or()
    {
        var left = And();
        while (Accept("||"))
        {
            left = new CelBinary("||", left, And());
        }

        return left;
    }

    private CelExpression And()
    {
        var left = Relation();
        while (Accept("&&"))
        {
            left = new CelBinary("&&", left, Relation());
        }

        return left;
    }

    private CelExpression Relation()
    {
        var left = Addition();
        while (true)
        {
            if (Peek.Is("==") || Peek.Is("!="))
            {
                var op = Take().Text;
                left = new CelBinary(op, left, Addition());
            }
            else if (Peek is { Kind: CelTokenKind.Identifier, Text: "in" })
            {
                Take();
                left = new CelBinary("in", left, Addition());
            }
            else if (Peek.Is("<") || Peek.Is("<=") || Peek.Is(">") || Peek.Is(">="))
            {
                throw Unsupported($"the operator {Peek.Text}");
            }
            else
            {
                return left;
            }
        }
    }

    private CelExpression Addition()
    {
        var left = Unary();
        while (true)
        {
            if (Accept("+"))
            {
                left = new CelBinary("+", left, Unary());
            }
            else if (Peek.Is("-") || Peek.Is("*") || Peek.Is("/") || Peek.Is("%"))
            {
                throw Unsupported($"the arithmetic operator {Peek.Text}");
            }
            else
            {
                return left;
            }
        }
    }

    private CelExpression Unary()
    {
        if (Accept("!"))
        {
            return new CelUnary("!", Unary());
        }

        if (Accept("-"))
        {
            return new CelUnary("-", Unary());
        }

        return Member();
    }

    private CelExpression Member()
    {
        var operand = Primary();
        while (true)
        {
            if (Accept("."))
            {
                var name = Expect(CelTokenKind.Identifier, "a field or method name").Text;
                operand = Peek.Is("(") ? Call(name, operand) : new CelSelect(operand, name);
            }
            else if (Peek.Is("["))
            {
                throw Unsupported("indexing with []");
            }
            else if (Peek.Is("{"))
            {
                throw Unsupported("message construction");
            }
            else
            {
                return operand;
            }
        }
    }

    private CelExpression Primary()
    {
        var token = Take();
        switch (token.Kind)
        {
            case CelTokenKind.Integer:
                return long.TryParse(token.Text, NumberStyles.None, CultureInfo.InvariantCulture, out var integer)
                    ? new CelLiteral(integer)
                    : throw new CelCompileException($"Syntax error: integer literal {token.Text} at {token.Position} is out of range");
            case CelTokenKind.Double:
                return new CelLiteral(double.Parse(token.Text, CultureInfo.InvariantCulture));
            case CelTokenKind.String:
                return new CelLiteral(token.Text);
            case CelTokenKind.Identifier:
                return Identifier(token);
            case CelTokenKind.Operator when token.Text == "(":
                {
                    var inner = Expression();
                    Expect(")");
                    return inner;
                }

            case CelTokenKind.Operator when token.Text == "[":
                return new CelList(Arguments("]"));
            case CelTokenKind.Operator when token.Text == "{":
                throw Unsupported("map literals", token);
            case CelTokenKind.Operator when token.Text == ".":
                throw Unsupported("leading-dot names", token);
            default:
                throw Unexpected(token);
        }
    }

    private CelExpression Identifier(CelToken token)
    {
        switch (token.Text)
        {
            case "true":
                return new CelLiteral(true);
            case "false":
                return new CelLiteral(false);
            case "null":
                return new CelLiteral(null);
        }

        if (Peek.Is("("))
        {
            return Call(token.Text, null);
        }

        if (_variables.Contains(token.Text))
        {
            return new CelVariable(token.Text);
        }

        if (UnprovidedVariables.Contains(token.Text))
        {
            throw Unsupported($"the variable '{token.Text}'", token);
        }

        throw new CelCompileException($"ERROR: undeclared reference to '{token.Text}' at {token.Position}");
    }

    private CelExpression Call(string function, CelExpression? target)
    {
        var at = Peek;
        if (Macros.Contains(function) && target is not null)
        {
            throw Unsupported($"the macro {function}()", at);
        }

        Expect("(");
        var arguments = Arguments(")");
        switch (function, target is null, arguments.Count)
        {
            case ("has", true, 1):
                return arguments[0] is CelSelect select
                    ? new CelHas(select)
                    : throw new CelCompileException($"ERROR: invalid argument to has() macro at {at.Position}");
            case ("size", true, 1):
                return new CelCall("size", null, arguments);
            case ("size", false, 0):
            case ("startsWith", false, 1):
                return new CelCall(function, target, arguments);
        }

        throw new CelCompileException(
            $"ERROR: undeclared reference to '{function}' with {arguments.Count} argument(s) at {at.Position}; the sandbox " +
            "interprets has(), size() and startsWith() only");
    }

    private List<CelExpression> Arguments(string close)
    {
        var items = new List<CelExpression>();
        while (!Accept(close))
        {
            if (items.Count > 0)
            {
                Expect(",");
                if (Accept(close))
                {
                    break;
                }
            }

            items.Add(Expression());
        }

        return items;
    }

    private bool Accept(string op)
    {
        if (!Peek.Is(op))
        {
            return false;
        }

        _next++;
        return true;
    }

    private CelToken Take() => _tokens[_next < _tokens.Count - 1 ? _next++ : _next];

    private void Expect(string op)
    {
        if (!Accept(op))
        {
            throw Unexpected($"'{op}'");
        }
    }

    private CelToken Expect(CelTokenKind kind, string what) =>
        Peek.Kind == kind ? Take() : throw Unexpected(what);

    private CelCompileException Unexpected(string? expected = null) => Unexpected(Peek, expected);

    private static CelCompileException Unexpected(CelToken token, string? expected = null)
    {
        var found = token.Kind == CelTokenKind.End ? "end of input" : $"'{token.Text}'";
        return new CelCompileException(
            $"Syntax error: unexpected {found} at {token.Position}" + (expected is null ? string.Empty : $", expected {expected}"));
    }

    private CelCompileException Unsupported(string what) => Unsupported(what, Peek);

    private static CelCompileException Unsupported(string what, CelToken at) =>
        new($"Unsupported CEL syntax at {at.Position}: {what}; the sandbox interprets only a subset of CEL");
}
