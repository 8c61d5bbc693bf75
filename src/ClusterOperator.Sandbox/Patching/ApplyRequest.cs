namespace ClusterOperator.Sandbox.Patching;

/// <summary>Who applies, to which part of the object, and how lists merge.</summary>
internal sealed record ApplyRequest(
    string Manager,
    bool Force,
    PatchSchema Schema,
    string ApiVersion,
    string? Subresource,
    DateTimeOffset Now);
