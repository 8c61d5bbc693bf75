using ClusterOperator.Sandbox.Storage;

namespace ClusterOperator.Sandbox.Server;

/// <summary>The object after a delete request, and whether it is gone or only marked for deletion.</summary>
internal sealed record DeleteOutcome(StoredObject Object, bool Deleted);
