using System.Text.Json;

namespace ClusterOperator.Sandbox;

/// <summary>
/// One committed change from the API server's own history: what a watch would have seen, with the object as
/// stored after the change (for DELETED, its last state).
/// </summary>
/// <param name="ResourceVersion">The global resourceVersion of the change.</param>
/// <param name="Type">ADDED, MODIFIED or DELETED.</param>
/// <param name="Group">API group of the resource ("" for core).</param>
/// <param name="Resource">Plural resource name, e.g. "pods".</param>
/// <param name="Namespace">Namespace, "" for cluster-scoped objects.</param>
/// <param name="Name">Object name.</param>
/// <param name="Time">Server time of the change.</param>
/// <param name="Body">The object.</param>
public sealed record SandboxEvent(
    long ResourceVersion,
    string Type,
    string Group,
    string Resource,
    string Namespace,
    string Name,
    DateTimeOffset Time,
    JsonElement Body);
