namespace ClusterOperator.Scheduling.Planning;

/// <summary>A reservation as node indices, with the time data carried between plans.</summary>
internal sealed class HeldGpus(ReclaimReason reason, List<(int Node, int Gpus)> nodes, DateTimeOffset since, DateTimeOffset? expectedBy)
{
    public ReclaimReason Reason { get; } = reason;

    public List<(int Node, int Gpus)> Nodes { get; } = nodes;

    public DateTimeOffset Since { get; } = since;

    public DateTimeOffset? ExpectedBy { get; } = expectedBy;

    public int Total => Nodes.Sum(n => n.Gpus);

    public int On(int node)
    {
        foreach (var (n, gpus) in Nodes)
        {
            if (n == node)
            {
                return gpus;
            }
        }

        return 0;
    }
}
