namespace ClusterOperator.Runtime.Controllers;

/// <summary>A reconcile error that retrying cannot fix, e.g. an invalid spec: logged, and the key is not requeued.</summary>
public sealed class TerminalReconcileException : Exception
{
    public TerminalReconcileException()
    {
    }

    public TerminalReconcileException(string message)
        : base(message)
    {
    }

    public TerminalReconcileException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
