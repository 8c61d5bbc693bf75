using System.Text.Json.Nodes;
using ClusterOperator.Sandbox.Resources;

namespace ClusterOperator.Sandbox.Http;

/// <summary>A parsed watch request.</summary>
internal sealed record WatchRequest(
    ResourceDefinition Definition,
    string? Namespace,
    Func<JsonObject, bool> Predicate,
    long? FromResourceVersion,
    bool Bookmarks,
    bool SendInitialEvents,
    TimeSpan Timeout,
    bool Table,
    string? IncludeObject);
