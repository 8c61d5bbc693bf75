namespace ClusterOperator.Scheduling.Planning;

/// <summary>A non-terminating bound pod: replica index and node index.</summary>
internal readonly record struct RunningPod(int Index, int Node);
