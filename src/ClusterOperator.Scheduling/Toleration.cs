namespace ClusterOperator.Scheduling;

/// <summary>A toleration, with Kubernetes matching semantics.</summary>
public sealed record Toleration
{
    /// <summary>Taint key; null or empty with <see cref="TolerationOperator.Exists"/> tolerates every taint.</summary>
    public string? Key { get; init; }

    /// <summary>Equal (key and value match) or Exists (key matches). Default Equal.</summary>
    public TolerationOperator Operator { get; init; } = TolerationOperator.Equal;

    /// <summary>Value compared for <see cref="TolerationOperator.Equal"/>; null equals empty.</summary>
    public string? Value { get; init; }

    /// <summary>Effect to tolerate; null tolerates all effects.</summary>
    public TaintEffect? Effect { get; init; }
}
