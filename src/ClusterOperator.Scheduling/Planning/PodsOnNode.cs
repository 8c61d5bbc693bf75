namespace ClusterOperator.Scheduling.Planning;

/// <summary>Part of a placement: this many pods of a gang on one node.</summary>
internal readonly record struct PodsOnNode(int Node, int Pods);
