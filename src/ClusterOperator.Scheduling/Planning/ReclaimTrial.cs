namespace ClusterOperator.Scheduling.Planning;

/// <summary>
/// The trial state of one reclaim attempt: which units are chosen and, per node, the GPUs the beneficiary
/// could use if they were gone, kept with a running count of the pods that would fit. Choosing a unit takes
/// its GPUs off its owner's allocation at once, so later choices see the owner's reduced excess; undoing
/// puts them back, leaving no trace of a failed attempt.
/// </summary>
internal sealed class ReclaimTrial(WorkloadState beneficiary, FeasibleSet set, ReclaimReason reason, int[] available, NodeTable nodes)
{
    private static readonly List<VictimUnit> NoUnits = [];
    private readonly HashSet<VictimUnit> _chosen = [];
    private readonly Dictionary<WorkloadState, List<VictimUnit>> _shrinks = [];
    private readonly HashSet<WorkloadState> _whole = [];
    private int _podsFit;

    public WorkloadState Beneficiary { get; } = beneficiary;

    public FeasibleSet Set { get; } = set;

    public ReclaimReason Reason { get; } = reason;

    /// <summary>The chosen units, in the order they were chosen.</summary>
    public List<VictimUnit> Chosen { get; } = [];

    /// <summary>For small node sets: the units on those nodes per owner and kind; null means the owners' full lists.</summary>
    public Dictionary<(Owner Owner, bool Shrink), List<VictimUnit>>? Local { get; set; }

    public List<Owner> LocalOwners { get; set; } = [];

    /// <summary>Where each owner's unit list was left, per (owner, shrink, protected) phase.</summary>
    public Dictionary<(Owner Owner, bool Shrink, bool Protected), int> Cursors { get; } = [];

    /// <summary>Each victim owner's excess over its share when it was first chosen from.</summary>
    public Dictionary<Owner, double> ExcessBefore { get; } = [];

    /// <summary>GPUs per node that a starvation reservation waits for running work to free.</summary>
    public Dictionary<int, int> Drained { get; } = [];

    /// <summary>Whether each owner was above share × hysteresis when the attempt started.</summary>
    public Dictionary<Owner, bool> Qualified { get; } = [];

    /// <summary>Victims that move rather than lose their GPUs: the free GPUs elsewhere reserved for them.</summary>
    public Dictionary<VictimUnit, List<PodsOnNode>> Moves { get; } = [];

    /// <summary>
    /// The beneficiary owner's allocated ÷ share after it runs. Within-share work counts as at most 1: an
    /// idea inside the idea guarantee is within share by definition (rule 5), whatever the owner holds.
    /// </summary>
    public double BeneficiaryRatioAfter { get; } = Math.Min(
        reason == ReclaimReason.WithinShare ? 1 : double.PositiveInfinity,
        Ratio(beneficiary.Owner.Allocated[beneficiary.Pool] + beneficiary.Owner.Reserved[beneficiary.Pool] + beneficiary.RequestGpus, beneficiary.Owner.Share[beneficiary.Pool]));

    /// <summary>Whether the beneficiary's gang fits on the available GPUs, by count (placement does the rest).</summary>
    public bool Fits => _podsFit >= Beneficiary.RequestPods;

    public static double Ratio(double allocated, double share) =>
        share > PlanState.Epsilon ? allocated / share : allocated > 0 ? double.PositiveInfinity : 0;

    /// <summary>The GPUs the beneficiary could use on the node if the chosen units were gone.</summary>
    public int Available(int node) => available[node];

    /// <summary>Sets a node's GPUs before any unit is chosen (the buffer holds other attempts' values until then).</summary>
    public void Start(int node, int gpus)
    {
        available[node] = gpus;
        _podsFit += Math.Max(0, gpus) / Beneficiary.Gpus;
    }

    /// <summary>Changes a node's GPUs during the attempt.</summary>
    public void SetAvailable(int node, int gpus)
    {
        _podsFit -= Math.Max(0, available[node]) / Beneficiary.Gpus;
        Start(node, gpus);
    }

    public bool IsChosen(VictimUnit unit) => _chosen.Contains(unit);

    public bool IsChosenWhole(WorkloadState workload) => _whole.Contains(workload);

    public List<VictimUnit> ShrinksOf(WorkloadState workload) => _shrinks.TryGetValue(workload, out var units) ? units : NoUnits;

    public void Add(VictimUnit unit)
    {
        if (unit.Replica is null)
        {
            // The whole run supersedes shrinks of the same run chosen earlier.
            foreach (var shrink in ShrinksOf(unit.Workload).ToList())
            {
                Shift(shrink, -1);
                Drop(shrink);
            }
        }

        Shift(unit, +1);
        Take(unit);
    }

    /// <summary>Puts the GPUs of these chosen units back and forgets them.</summary>
    public void Undo(Func<VictimUnit, bool> which)
    {
        foreach (var unit in Chosen.Where(which).ToList())
        {
            Shift(unit, -1);
            Drop(unit);
        }
    }

    /// <summary>Drops victims, last chosen first, whenever the gang still fits without them.</summary>
    public void Prune()
    {
        for (var i = Chosen.Count - 1; i >= 0; i--)
        {
            var unit = Chosen[i];
            Shift(unit, -1);
            if (Fits)
            {
                Drop(unit);
            }
            else
            {
                Shift(unit, +1);
            }
        }
    }

    /// <summary>Frees (sign +1) or re-occupies (−1) a unit's GPUs in the trial accounting.</summary>
    private void Shift(VictimUnit unit, int sign)
    {
        var gpus = Beneficiary.Gpus;
        foreach (var (node, part) in unit.Parts)
        {
            if (Set.Contains(node))
            {
                _podsFit -= Math.Max(0, available[node]) / gpus;
                available[node] += sign * part;
                _podsFit += Math.Max(0, available[node]) / gpus;
            }

            unit.Workload.Owner.Allocate(nodes.Pool[node], -sign * part);
        }
    }

    private void Take(VictimUnit unit)
    {
        Chosen.Add(unit);
        _chosen.Add(unit);
        if (unit.Replica is null)
        {
            _whole.Add(unit.Workload);
        }
        else if (_shrinks.TryGetValue(unit.Workload, out var units))
        {
            units.Add(unit);
        }
        else
        {
            _shrinks[unit.Workload] = [unit];
        }
    }

    private void Drop(VictimUnit unit)
    {
        Chosen.Remove(unit);
        _chosen.Remove(unit);
        if (unit.Replica is null)
        {
            _whole.Remove(unit.Workload);
        }
        else
        {
            _shrinks[unit.Workload].Remove(unit);
        }
    }
}
