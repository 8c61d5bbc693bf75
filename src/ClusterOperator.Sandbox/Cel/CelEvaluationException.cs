namespace ClusterOperator.Sandbox.Cel;

/// <summary>An expression that compiled but failed on these inputs, e.g. "no such key" or a type mismatch.</summary>
public sealed class CelEvaluationException : Exception
{
    public CelEvaluationException(string message)
        : base(message)
    {
    }

    public CelEvaluationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public CelEvaluationException()
    {
    }
}
