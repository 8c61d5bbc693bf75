namespace ClusterOperator.Runtime.Queueing;

/// <summary>Requeue backoff of a <see cref="WorkQueue{T}"/>.</summary>
public sealed class WorkQueueOptions
{
    /// <summary>Delay before the first rate-limited retry of a key; doubles with each further failure. Default 10 ms.</summary>
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromMilliseconds(10);

    /// <summary>
    /// Cap on the per-key retry delay. Default 30 s: long enough to stop a hot loop against a failing API server,
    /// short enough that a run is never parked for minutes after the server recovers.
    /// </summary>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(30);
}
