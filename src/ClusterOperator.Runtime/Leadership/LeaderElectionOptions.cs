namespace ClusterOperator.Runtime.Leadership;

/// <summary>Leader election on a coordination.k8s.io Lease in the operator's namespace.</summary>
public sealed class LeaderElectionOptions
{
    /// <summary>Namespace of the Lease: the operator's own (POD_NAMESPACE in a pod). Default <c>default</c>.</summary>
    public string Namespace { get; set; } = "default";

    /// <summary>Name of the Lease. Default <c>clusteroperator-leader</c>.</summary>
    public string LeaseName { get; set; } = "clusteroperator-leader";

    /// <summary>This replica's identity in the Lease. Default: host name plus a random suffix, unique per process.</summary>
    public string Identity { get; set; } = $"{Environment.MachineName}-{Guid.NewGuid().ToString("N")[..8]}";

    /// <summary>How long others wait, after the last renewal they saw, before taking the lease. Default 15 s.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// How long the leader keeps leading without a successful renewal. Default 10 s. Shorter than
    /// <see cref="LeaseDuration"/>, so a cut-off leader stops writing before anyone else may start.
    /// </summary>
    public TimeSpan RenewDeadline { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Pause between acquire or renew attempts. Default 2 s.</summary>
    public TimeSpan RetryPeriod { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// On shutdown, a leader hands the Lease back (empty holder) so the next replica takes over at its next retry
    /// instead of waiting out <see cref="LeaseDuration"/>. Default true.
    /// </summary>
    public bool ReleaseOnShutdown { get; set; } = true;

    /// <summary>Throws when the durations cannot give the guarantee above.</summary>
    public void Validate()
    {
        if (LeaseDuration <= RenewDeadline)
        {
            throw new ArgumentException($"LeaseDuration ({LeaseDuration}) must be longer than RenewDeadline ({RenewDeadline}).");
        }

        if (RenewDeadline <= RetryPeriod)
        {
            throw new ArgumentException($"RenewDeadline ({RenewDeadline}) must be longer than RetryPeriod ({RetryPeriod}).");
        }

        if (RetryPeriod <= TimeSpan.Zero)
        {
            throw new ArgumentException("RetryPeriod must be positive.");
        }
    }
}
