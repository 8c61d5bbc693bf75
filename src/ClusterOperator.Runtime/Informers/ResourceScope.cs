namespace ClusterOperator.Runtime.Informers;

/// <summary>Which objects of a resource an informer sees: one namespace or all (null), narrowed by label and field selectors.</summary>
public sealed record ResourceScope(string? Namespace = null, string? LabelSelector = null, string? FieldSelector = null)
{
    public static ResourceScope All { get; } = new();

    public override string ToString() =>
        $"ns={Namespace ?? "*"}" + (LabelSelector is null ? "" : $" labels={LabelSelector}") + (FieldSelector is null ? "" : $" fields={FieldSelector}");
}
