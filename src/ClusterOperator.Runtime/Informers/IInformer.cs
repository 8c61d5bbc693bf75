namespace ClusterOperator.Runtime.Informers;

/// <summary>The type-independent face of an informer, for the factory and the readiness probe.</summary>
public interface IInformer
{
    /// <summary>Resource and scope, for logs and probes.</summary>
    string Description { get; }

    /// <summary>True once the first list has been loaded into the cache.</summary>
    bool HasSynced { get; }

    /// <summary>Lists and watches until cancelled.</summary>
    Task RunAsync(CancellationToken cancellationToken);

    /// <summary>Completes when <see cref="HasSynced"/> becomes true.</summary>
    Task WaitForSyncAsync(CancellationToken cancellationToken);
}
