namespace ClusterOperator.Sandbox.Patching;

/// <summary>The merge behaviour of one list field.</summary>
internal sealed record ListStrategy(ListKind Kind, IReadOnlyList<string> Keys)
{
    public static ListStrategy Atomic { get; } = new(ListKind.Atomic, []);

    public static ListStrategy Set { get; } = new(ListKind.Set, []);

    public static ListStrategy MapBy(params string[] keys) => new(ListKind.Map, keys);
}
