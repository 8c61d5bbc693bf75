namespace ClusterOperator.Scheduling;

/// <summary>Node selector operators, as in Kubernetes.</summary>
public enum NodeSelectorOperator
{
    /// <summary>The label exists and its value is one of the values.</summary>
    In,

    /// <summary>The label is absent or its value is none of the values.</summary>
    NotIn,

    /// <summary>The label exists.</summary>
    Exists,

    /// <summary>The label is absent.</summary>
    DoesNotExist,

    /// <summary>The label's integer value is greater than the single value.</summary>
    Gt,

    /// <summary>The label's integer value is less than the single value.</summary>
    Lt,
}
