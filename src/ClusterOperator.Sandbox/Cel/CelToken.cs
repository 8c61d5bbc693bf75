namespace ClusterOperator.Sandbox.Cel;

/// <summary>One lexical token; <see cref="Text"/> is the decoded value for strings and the spelling otherwise.</summary>
internal readonly record struct CelToken(CelTokenKind Kind, string Text, int Position)
{
    public bool Is(string op) => Kind == CelTokenKind.Operator && Text == op;
}
