namespace ClusterOperator.Sandbox.Cel;

internal enum CelTokenKind
{
    Identifier,
    Integer,
    Double,
    String,
    Operator,
    End,
}
