namespace ClusterOperator.Runtime.Informers;

/// <summary>The server no longer has the history the watch asked for (410 Gone / Expired): the informer must relist.</summary>
public sealed class ResourceExpiredException : Exception
{
    public ResourceExpiredException()
    {
    }

    public ResourceExpiredException(string message)
        : base(message)
    {
    }

    public ResourceExpiredException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
