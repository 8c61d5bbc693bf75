namespace ClusterOperator.Scheduling;

/// <summary>Toleration operators, as in Kubernetes.</summary>
public enum TolerationOperator
{
    /// <summary>Key and value must equal the taint's.</summary>
    Equal,

    /// <summary>Only the key must match (an empty key matches every taint).</summary>
    Exists,
}
