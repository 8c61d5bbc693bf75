namespace ClusterOperator.Packaging.Tests.Chart;

/// <summary>The parts of an admission request the owner policy reads, as CEL variables.</summary>
internal sealed record AdmissionRequest(string Operation, string User, string Namespace, string? Owner, string? OldOwner = null)
{
    public Dictionary<string, object?> Variables() => new(StringComparer.Ordinal)
    {
        ["request"] = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["operation"] = Operation,
            ["namespace"] = Namespace,
            ["userInfo"] = new Dictionary<string, object?>(StringComparer.Ordinal) { ["username"] = User },
        },
        ["object"] = Run(Owner),
        ["oldObject"] = Operation == "UPDATE" ? Run(OldOwner) : null,
    };

    private static Dictionary<string, object?> Run(string? owner)
    {
        var spec = new Dictionary<string, object?>(StringComparer.Ordinal) { ["gpusPerReplica"] = 1L };
        if (owner is not null)
        {
            spec["owner"] = owner;
        }

        return new Dictionary<string, object?>(StringComparer.Ordinal) { ["spec"] = spec };
    }
}
