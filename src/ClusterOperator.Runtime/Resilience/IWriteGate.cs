namespace ClusterOperator.Runtime.Resilience;

/// <summary>
/// Decides whether this replica may write. Every write of <see cref="ResilientApi"/> checks it before each attempt
/// and runs under <see cref="Token"/>, so a replica that loses leadership stops writing at once, in-flight calls included.
/// </summary>
public interface IWriteGate
{
    /// <summary>True while writes are allowed.</summary>
    bool IsOpen { get; }

    /// <summary>Cancelled when writes stop being allowed; already cancelled while the gate is closed.</summary>
    CancellationToken Token { get; }
}
