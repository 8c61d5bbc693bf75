namespace ClusterOperator.Sandbox.Cel;

/// <summary>A node of a parsed CEL expression; the subtypes below are the whole interpreted subset.</summary>
internal abstract record CelExpression;

/// <summary>A literal: null, bool, long, double or string.</summary>
internal sealed record CelLiteral(object? Value) : CelExpression;

/// <summary>A declared variable: object, oldObject or request.</summary>
internal sealed record CelVariable(string Name) : CelExpression;

/// <summary><c>operand.field</c>; inside <c>has()</c> it tests presence instead.</summary>
internal sealed record CelSelect(CelExpression Operand, string Field) : CelExpression;

/// <summary>The <c>has(operand.field)</c> macro.</summary>
internal sealed record CelHas(CelSelect Select) : CelExpression;

/// <summary>A list literal <c>[a, b]</c>.</summary>
internal sealed record CelList(IReadOnlyList<CelExpression> Items) : CelExpression;

/// <summary><c>!operand</c> or <c>-operand</c>.</summary>
internal sealed record CelUnary(string Operator, CelExpression Operand) : CelExpression;

/// <summary>A binary operator: ==, !=, &amp;&amp;, ||, +, in.</summary>
internal sealed record CelBinary(string Operator, CelExpression Left, CelExpression Right) : CelExpression;

/// <summary>A function call; <see cref="Target"/> is set for the receiver style, e.g. <c>s.startsWith(p)</c>.</summary>
internal sealed record CelCall(string Function, CelExpression? Target, IReadOnlyList<CelExpression> Arguments) : CelExpression;
