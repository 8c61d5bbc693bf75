namespace ClusterOperator.Runtime.Informers;

/// <summary>Timing of informers' list and watch calls.</summary>
public sealed class InformerOptions
{
    /// <summary>
    /// Server-side lifetime asked for each watch (timeoutSeconds); the informer then resumes from its last
    /// resourceVersion. Default 5 min.
    /// </summary>
    public TimeSpan WatchTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Watchdog: a watch with no event, not even a bookmark, for this long is presumed stuck (a half-open connection)
    /// and restarted. Default 90 s; API servers send bookmarks about once a minute.
    /// </summary>
    public TimeSpan WatchIdleTimeout { get; set; } = TimeSpan.FromSeconds(90);

    /// <summary>First delay before retrying a failed list or watch; doubles per failure, with jitter. Default 200 ms.</summary>
    public TimeSpan InitialBackoff { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Cap on the retry delay. Default 30 s.</summary>
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Drops <c>metadata.managedFields</c> before an object enters the cache. Controllers never read them, and on
    /// objects written by several field managers they can outweigh the rest of the object. Default true.
    /// </summary>
    public bool DropManagedFields { get; set; } = true;
}
