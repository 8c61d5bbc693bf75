namespace ClusterOperator.Soak;

/// <summary>A node the soak turned NotReady, and when it came back (null while still down).</summary>
internal sealed record NodeOutage(string Node, DateTimeOffset From, DateTimeOffset? To);
