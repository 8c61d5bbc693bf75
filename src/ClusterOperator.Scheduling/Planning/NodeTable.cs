namespace ClusterOperator.Scheduling.Planning;

/// <summary>
/// The valid nodes as dense arrays (index = position in name order) with the GPU accounting of this plan.
/// All changes go through the methods here so that <see cref="Free"/> and the <see cref="FreeIndex"/> stay in step.
/// </summary>
internal sealed class NodeTable
{
    private readonly Dictionary<string, int> _byName;
    private bool _sealed;

    /// <param name="nodes">The valid nodes in name order.</param>
    /// <param name="byName">Each node's position in <paramref name="nodes"/>.</param>
    /// <param name="capacity">GPUs our pods may use per node.</param>
    /// <param name="pools">GPU-type pool per node.</param>
    /// <param name="topology">Topology ids per node.</param>
    public NodeTable(IReadOnlyList<Node> nodes, Dictionary<string, int> byName, IReadOnlyList<int> capacity, IReadOnlyList<int> pools, TopologyIds topology)
    {
        Count = nodes.Count;
        Source = [.. nodes];
        Capacity = [.. capacity];
        Pool = [.. pools];
        Domains = [.. new[] { topology.NvLink, topology.Rack, topology.Zone }.Where(level => level.Any(id => id >= 0))];
        Usable = new bool[Count];
        Running = new int[Count];
        Terminating = new int[Count];
        Reserved = new int[Count];
        Free = new int[Count];
        _byName = byName;
        var maxFree = 0;
        for (var i = 0; i < Count; i++)
        {
            Usable[i] = nodes[i].Ready && nodes[i].Schedulable;
            maxFree = Math.Max(maxFree, Capacity[i]);
        }

        Index = new FreeIndex(Count, maxFree);
    }

    public int Count { get; }

    public Node[] Source { get; }

    /// <summary>Allocatable GPUs minus GPUs of pods that are not ours (foreign or invalid workloads).</summary>
    public int[] Capacity { get; }

    /// <summary>Ready and not cordoned: may receive new pods.</summary>
    public bool[] Usable { get; }

    public int[] Pool { get; }

    /// <summary>The topology levels some node is labelled with, finest first: NVLink domain, rack, zone.</summary>
    public IReadOnlyList<int[]> Domains { get; }

    /// <summary>GPUs of our pods that are not terminating.</summary>
    public int[] Running { get; }

    /// <summary>GPUs of our terminating pods: still held, but going away.</summary>
    public int[] Terminating { get; }

    /// <summary>GPUs reserved for pending workloads (rules 4 and 7).</summary>
    public int[] Reserved { get; }

    /// <summary>GPUs any workload without a reservation here may take now.</summary>
    public int[] Free { get; }

    public FreeIndex Index { get; }

    /// <summary>
    /// Builds the free-GPU index once the snapshot's pods are charged; until then charges only add up, which
    /// keeps reading a large snapshot linear.
    /// </summary>
    public void Seal()
    {
        for (var i = 0; i < Count; i++)
        {
            Free[i] = AvailableTo(i, 0);
            Index.Add(i, Free[i]);
        }

        _sealed = true;
    }

    public bool TryFind(string name, out int node) => _byName.TryGetValue(name, out node);

    public string Name(int node) => Source[node].Name;

    public void AddRunning(int node, int gpus)
    {
        Running[node] += gpus;
        Refresh(node);
    }

    public void AddTerminating(int node, int gpus)
    {
        Terminating[node] += gpus;
        Refresh(node);
    }

    /// <summary>Running pods start terminating: they keep their GPUs, so free GPUs do not change.</summary>
    public void StartTerminating(int node, int gpus)
    {
        Running[node] -= gpus;
        Terminating[node] += gpus;
    }

    public void AddReserved(int node, int gpus)
    {
        Reserved[node] += gpus;
        Refresh(node);
    }

    /// <summary>GPUs a workload holding <paramref name="ownReserved"/> of this node's reservations may take now.</summary>
    public int AvailableTo(int node, int ownReserved) =>
        Usable[node] ? Math.Max(0, Capacity[node] - Running[node] - Terminating[node] - (Reserved[node] - ownReserved)) : 0;

    /// <summary>
    /// Like <see cref="AvailableTo"/>, counting terminating pods as already gone, and not clamped at zero: a
    /// deficit (other reservations larger than what is free) must be paid before victims here help.
    /// </summary>
    public int Prospective(int node, int ownReserved) =>
        Usable[node] ? Capacity[node] - Running[node] - (Reserved[node] - ownReserved) : 0;

    private void Refresh(int node)
    {
        if (!_sealed)
        {
            return;
        }

        var free = AvailableTo(node, 0);
        if (free != Free[node])
        {
            Index.Move(node, Free[node], free);
            Free[node] = free;
        }
    }
}
