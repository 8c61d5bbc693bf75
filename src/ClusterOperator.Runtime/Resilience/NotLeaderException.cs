namespace ClusterOperator.Runtime.Resilience;

/// <summary>A write was refused, or cut short, because this replica does not hold the leader lease.</summary>
public sealed class NotLeaderException : Exception
{
    public NotLeaderException()
        : base("This replica is not the leader; writes are refused.")
    {
    }

    public NotLeaderException(string message)
        : base(message)
    {
    }

    public NotLeaderException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
