namespace ClusterOperator.Sandbox.Server;

/// <summary>The parts of meta/v1 DeleteOptions the sandbox honours.</summary>
internal sealed record DeleteRequest(
    long? GracePeriodSeconds = null,
    string? PropagationPolicy = null,
    string? PreconditionUid = null,
    string? PreconditionResourceVersion = null);
