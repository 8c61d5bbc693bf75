namespace ClusterOperator.Runtime.Resilience;

/// <summary>Retry behaviour of <see cref="ResilientApi"/>.</summary>
public sealed class ResilienceOptions
{
    /// <summary>
    /// Retries after the first attempt for 429, 5xx and timeouts. Default 6: with the soak's 10% injected failures a
    /// write then fails for good about once in ten million.
    /// </summary>
    public int MaxRetryAttempts { get; set; } = 6;

    /// <summary>First retry delay; doubles per attempt, with jitter. Default 100 ms.</summary>
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Cap on one computed retry delay. Default 5 s.</summary>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Cap on a server's Retry-After, so a hostile or broken header cannot stall a worker. Default 30 s.</summary>
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Time limit of one attempt. Default 15 s.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// Pause before re-reading after a 409 Conflict; doubles per round, with jitter, so writers racing on one object
    /// fall out of step instead of colliding again. Default 10 ms.
    /// </summary>
    public TimeSpan ConflictDelay { get; set; } = TimeSpan.FromMilliseconds(10);

    /// <summary>Re-read-and-retry rounds on 409 Conflict in <see cref="ResilientApi.UpdateWithRetryAsync{T}"/>. Default 10.</summary>
    public int MaxConflictRetries { get; set; } = 10;
}
