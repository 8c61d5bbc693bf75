namespace ClusterOperator.Runtime.Controllers;

public sealed class ControllerOptions
{
    /// <summary>Workers reconciling different keys in parallel. Default 4; the queue never gives one key to two workers.</summary>
    public int Workers { get; set; } = 4;
}
