namespace ClusterOperator.Sandbox.Resources;

/// <summary>A subresource as discovery lists it, e.g. pods/status or pods/binding.</summary>
internal sealed record SubresourceDefinition(string Name, string Kind, IReadOnlyList<string> Verbs, string? Group = null,
    string? Version = null);
