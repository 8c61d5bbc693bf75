namespace ClusterOperator.Simulation;

/// <summary>
/// An input file (trace or cluster) cannot be used at all, e.g. its header is not recognised.
/// Row-level problems in traces are reported as invalid rows instead and do not throw.
/// </summary>
public sealed class InputFormatException : Exception
{
    public InputFormatException()
    {
    }

    public InputFormatException(string message)
        : base(message)
    {
    }

    public InputFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
