namespace ClusterOperator.Runtime.Resilience;

/// <summary>The gate of a single replica that runs without leader election: always open.</summary>
public sealed class OpenWriteGate : IWriteGate
{
    public static OpenWriteGate Instance { get; } = new();

    private OpenWriteGate()
    {
    }

    public bool IsOpen => true;

    public CancellationToken Token => CancellationToken.None;
}
