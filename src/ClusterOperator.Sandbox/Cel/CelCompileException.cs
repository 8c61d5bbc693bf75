namespace ClusterOperator.Sandbox.Cel;

/// <summary>
/// A CEL expression the sandbox cannot compile: a syntax error, an undeclared name, or syntax outside the subset
/// it interprets. The API server reports such an expression instead of guessing what it means.
/// </summary>
public sealed class CelCompileException : Exception
{
    public CelCompileException(string message)
        : base(message)
    {
    }

    public CelCompileException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public CelCompileException()
    {
    }
}
