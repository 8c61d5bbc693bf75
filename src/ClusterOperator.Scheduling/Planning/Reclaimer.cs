
namespace ClusterOperator.Scheduling.Planning;

/// <summary>
/// Rules 4 and 7. A waiting workload within its owner's share picks borrowed work to evict, in this order:
/// elastic replicas before whole runs, unprotected before MinRuntime-protected (those are only waited for),
/// owners furthest above their share first, then higher decayed usage, then the most recently started run.
/// It then reserves the GPUs, so nothing else takes them while the victims terminate. A starving run does
/// the same, may also reserve whole nodes and wait for their work to drain, and never evicts another run
/// bigger than its share.
/// </summary>
internal sealed class Reclaimer(PlanState state, Placer placer)
{
    /// <summary>Node sets up to this size are searched through the units on their nodes.</summary>
    private const int LocalLimit = 64;

    private readonly int[] _available = new int[state.Nodes.Count];
    private readonly List<int> _candidates = [];
    private readonly HashSet<WorkloadState> _starvedEarly = [];

    /// <summary>
    /// Smallest gang that failed, per (owner for rule 4 or −1 for rule 7, constraints, pool, GPUs per pod). Within
    /// a plan victims and free GPUs only dwindle, so a larger gang fails too, until the placer frees GPUs again.
    /// </summary>
    private readonly Dictionary<(int Owner, int Key, int Pool, int Gpus), int> _failed = [];
    private int _failedAtReleases;
    private VictimIndex? _victims;
    private Defragmenter? _defragmenter;

    private VictimIndex Victims => _victims ??= new VictimIndex(state);

    private Defragmenter Defragmenter => _defragmenter ??= new Defragmenter(state, Victims);

    /// <summary>
    /// Rule 7 before anything new is placed: runs bigger than their share that waited past the threshold
    /// take free GPUs or reserve nodes first, so that nothing new borrows those nodes, not even in this plan.
    /// </summary>
    public void ReserveForStarving()
    {
        var starving = state.Workloads
            .Where(w => w.Placeable && !w.Unschedulable && state.Starving(w) && !state.WithinShare(w))
            .OrderBy(w => w.PendingSince)
            .ThenBy(w => w.Id, StringComparer.Ordinal)
            .ToList();
        foreach (var w in starving)
        {
            _starvedEarly.Add(w);
            if (!placer.TryPlace(w))
            {
                Attempt(w, ReclaimReason.Starvation);
            }
        }
    }

    /// <summary>Rule 4, at the workload's turn in the placement order: within-share work that did not fit reclaims.</summary>
    public void OnMiss(WorkloadState w)
    {
        if (!w.Unschedulable && !_starvedEarly.Contains(w) && state.WithinShare(w))
        {
            Attempt(w, ReclaimReason.WithinShare);
        }
    }

    /// <summary>
    /// Rule 7 for within-share work reclaim could not help, then the end of carried reservations nobody renewed
    /// (moved runs whose pods still terminate keep theirs).
    /// </summary>
    public void Finish(IReadOnlyList<WorkloadState> order)
    {
        var starving = order.Where(w => w.Placeable && !w.Bound && !w.Unschedulable && !_starvedEarly.Contains(w) && w.Outgoing is null && state.Starving(w));
        foreach (var w in starving.OrderBy(w => w.PendingSince).ToList())
        {
            Attempt(w, ReclaimReason.Starvation);
        }

        foreach (var w in state.Workloads.Where(w => w.Incoming is not null))
        {
            if (w.Phase == WorkloadPhase.Terminating)
            {
                Carry(w);
            }
            else
            {
                placer.Release(w);
            }
        }
    }

    /// <summary>A moved run's reservation stays as it is until its pods are gone and it can be bound there.</summary>
    private static void Carry(WorkloadState w)
    {
        var held = w.Incoming!;
        w.Incoming = null;
        w.Outgoing = held;
        w.Owner.Reserved[w.Pool] += held.Total;
    }

    private void Attempt(WorkloadState w, ReclaimReason reason)
    {
        if (w.Gpus == 0)
        {
            return;
        }

        var set = state.Feasible(w, w.Pool);
        var held = w.Incoming;

        // A beneficiary keeps its nodes while they can still make room: moving elsewhere would waste the evictions
        // already made there and could preempt runs twice for the same shortage.
        if (held is not null && TryOn(w, reason, HeldNodes(set, held), held))
        {
            return;
        }

        if (_failedAtReleases != placer.Releases)
        {
            _failed.Clear();
            _failedAtReleases = placer.Releases;
        }

        // Rule 7 may drain anything on the nodes, so its failures do not depend on the owner; rule 4's do.
        var key = (reason == ReclaimReason.WithinShare ? w.Owner.Index : -1, w.ConstraintKey, w.Pool, w.Gpus);
        var known = _failed.TryGetValue(key, out var smallest) && w.RequestPods >= smallest;
        if (!known && TargetNodes(w, reason, set, held) is { } target && TryOn(w, reason, target, held))
        {
            return;
        }

        if (known || !TryOn(w, reason, set, held))
        {
            _failed[key] = Math.Min(w.RequestPods, known ? smallest : int.MaxValue);
            if (reason == ReclaimReason.WithinShare)
            {
                w.Wait = new WaitNote(WaitingCode.NoReclaimableCapacity);
            }
        }
    }

    private static FeasibleSet HeldNodes(FeasibleSet set, HeldGpus held) =>
        Subset(set, held.Nodes.Select(n => n.Node).Where(set.Contains).Order().ToArray());

    /// <summary>
    /// On a large cluster, first try the nodes that need the least evicted: those with the most GPUs free or
    /// terminating, among nodes whose reclaimable work could make room at all. Choosing victims cluster-wide in
    /// owner order would scatter them over many nodes before any node had room for a multi-GPU pod.
    /// </summary>
    private FeasibleSet? TargetNodes(WorkloadState w, ReclaimReason reason, FeasibleSet set, HeldGpus? held)
    {
        if (set.Nodes.Length <= LocalLimit || w.Gpus == 1)
        {
            // One-GPU pods fit wherever any victim frees a GPU, so the cluster-wide order works as it is.
            return null;
        }

        var pool = w.Pool;
        var victimOwner = new bool[state.Owners.Count];
        var any = false;
        foreach (var owner in Victims.OwnersIn(pool))
        {
            var floor = reason == ReclaimReason.WithinShare ? owner.Share[pool] : owner.Share[pool] * state.Options.ReclaimHysteresis;
            victimOwner[owner.Index] = owner != w.Owner && owner.Reclaimable(pool) > floor + PlanState.Epsilon;
            any |= victimOwner[owner.Index];
        }

        if (!any)
        {
            // Nobody to reclaim from: only the whole set (where rule 7 may drain nodes) can help.
            return null;
        }

        // Nodes with GPUs free or terminating first (most first), then the rest in name order; a node's
        // reclaimable GPUs are only added up when it is reached, so a full cluster is not scanned owner by owner.
        var withRoom = new List<(int Node, int Base)>();
        foreach (var node in set.Nodes)
        {
            var available = state.Nodes.Prospective(node, held?.On(node) ?? 0);
            if (available > 0)
            {
                withRoom.Add((node, available));
            }
        }

        withRoom.Sort((a, b) => a.Base != b.Base ? b.Base.CompareTo(a.Base) : a.Node.CompareTo(b.Node));
        var chosen = new List<int>();
        var pods = 0;
        foreach (var node in withRoom.Select(n => n.Node).Concat(set.Nodes.Where(n => state.Nodes.Prospective(n, held?.On(n) ?? 0) <= 0)))
        {
            if (pods >= w.RequestPods || chosen.Count >= LocalLimit)
            {
                break;
            }

            var potential = state.Nodes.Prospective(node, held?.On(node) ?? 0);
            foreach (var (owner, gpus) in Victims.GpusOn(node))
            {
                if (victimOwner[owner.Index])
                {
                    potential += gpus;
                }
            }

            if (potential >= w.Gpus)
            {
                chosen.Add(node);
                pods += potential / w.Gpus;
            }
        }

        return pods >= w.RequestPods ? Subset(set, [.. chosen.Order()]) : null;
    }

    private static FeasibleSet Subset(FeasibleSet set, int[] nodes)
    {
        var mask = new ulong[set.Mask.Length];
        foreach (var node in nodes)
        {
            mask[node >> 6] |= 1UL << (node & 63);
        }

        return new FeasibleSet(mask, nodes);
    }

    /// <summary>Chooses victims on the given nodes, places the beneficiary there and commits; false (with no trace) if it cannot.</summary>
    private bool TryOn(WorkloadState w, ReclaimReason reason, FeasibleSet set, HeldGpus? held)
    {
        var trial = new ReclaimTrial(w, set, reason, _available, state.Nodes);
        foreach (var node in set.Nodes)
        {
            trial.Start(node, state.Nodes.Prospective(node, held is null ? 0 : held.On(node)));
        }

        if (set.Nodes.Length <= LocalLimit)
        {
            Localize(trial);
        }

        if (!trial.Fits && !SelectVictims(trial))
        {
            trial.Undo(_ => true);
            if (reason != ReclaimReason.WithinShare || !Defragmenter.TryMove(trial))
            {
                trial.Undo(_ => true);
                return false;
            }
        }

        trial.Prune();
        var placement = PlaceOnAvailable(w, set, held);
        var placed = placement.Select(p => p.Node).ToHashSet();
        trial.Undo(u => !u.Parts.Any(p => placed.Contains(p.Node)));
        Reclamation.Commit(state, placer, Victims, trial, placement);
        return true;
    }

    /// <summary>For a few nodes, the units on them per owner and kind (in each owner's order) beat walking whole owner lists.</summary>
    private void Localize(ReclaimTrial s)
    {
        var pool = s.Beneficiary.Pool;
        var onNodes = 0;
        foreach (var node in s.Set.Nodes)
        {
            onNodes += Victims.On(node).Count;
        }

        var inPool = 0;
        foreach (var owner in Victims.OwnersIn(pool))
        {
            inPool += Victims.Units(owner, pool, shrink: false).Count + Victims.Units(owner, pool, shrink: true).Count;
        }

        // Both give the same lists: gather from the nodes when they hold few of the pool's units, else filter the owners' lists.
        if (onNodes * 4 < inPool)
        {
            LocalizeByNodes(s);
        }
        else
        {
            LocalizeByOwners(s);
        }
    }

    private void LocalizeByNodes(ReclaimTrial s)
    {
        var pool = s.Beneficiary.Pool;
        var local = new Dictionary<(Owner Owner, bool Shrink), List<VictimUnit>>();
        foreach (var unit in s.Set.Nodes.SelectMany(Victims.On).Distinct())
        {
            if (unit.Workload.Pool == pool && unit.Workload.CanBeVictim)
            {
                var key = (unit.Workload.Owner, unit.Replica is not null);
                if (!local.TryGetValue(key, out var units))
                {
                    units = [];
                    local[key] = units;
                }

                units.Add(unit);
            }
        }

        foreach (var units in local.Values)
        {
            units.Sort((a, b) => a.Rank.CompareTo(b.Rank));
        }

        s.Local = local;
        s.LocalOwners = [.. local.Keys.Select(k => k.Owner).Distinct().OrderBy(o => o.Index)];
    }

    private void LocalizeByOwners(ReclaimTrial s)
    {
        var pool = s.Beneficiary.Pool;
        var local = new Dictionary<(Owner Owner, bool Shrink), List<VictimUnit>>();
        var owners = new List<Owner>();
        foreach (var owner in Victims.OwnersIn(pool))
        {
            // An owner's lists are in eviction order already, so filtering them keeps that order.
            var whole = LocalUnits(s, Victims.Units(owner, pool, shrink: false));
            var shrink = LocalUnits(s, Victims.Units(owner, pool, shrink: true));
            if (whole is not null)
            {
                local[(owner, false)] = whole;
            }

            if (shrink is not null)
            {
                local[(owner, true)] = shrink;
            }

            if (whole is not null || shrink is not null)
            {
                owners.Add(owner);
            }
        }

        s.Local = local;
        s.LocalOwners = owners;
    }

    /// <summary>The units of the list that can still be victims and have a part on the trial's nodes; null if none.</summary>
    private static List<VictimUnit>? LocalUnits(ReclaimTrial s, VictimList units)
    {
        List<VictimUnit>? local = null;
        for (var i = units.FirstLive(); i < units.Count; i++)
        {
            var unit = units[i];
            if (unit.Workload.CanBeVictim && OnAny(unit, s.Set))
            {
                (local ??= []).Add(unit);
            }
        }

        return local;
    }

    private static bool OnAny(VictimUnit unit, FeasibleSet set)
    {
        foreach (var (node, _) in unit.Parts)
        {
            if (set.Contains(node))
            {
                return true;
            }
        }

        return false;
    }

    private bool SelectVictims(ReclaimTrial s)
    {
        foreach (var (isProtected, shrink) in new[] { (false, true), (false, false), (true, true), (true, false) })
        {
            while (!s.Fits)
            {
                var unit = NextUnit(s, isProtected, shrink);
                if (unit is null)
                {
                    break;
                }

                s.Add(unit);
            }

            if (s.Fits)
            {
                return true;
            }
        }

        return s.Reason == ReclaimReason.Starvation && DrainNodes(s);
    }

    /// <summary>
    /// Rule 7's last resort: reserve whole nodes and wait for whatever runs there to finish. Takes the nodes with
    /// the most GPUs available already (the least to wait for) until the gang would fit once they are drained.
    /// </summary>
    private bool DrainNodes(ReclaimTrial s)
    {
        var w = s.Beneficiary;
        var held = w.Incoming;
        var nodes = state.Nodes;

        // Most room first, then name order (set nodes come in name order). Room is at most a node's GPUs (absurd
        // counts share the top room), so one pass counts the rooms and each room is then scanned only until the
        // gang fits: no sort, no list.
        var rooms = new int[Math.Min(nodes.Index.MaxFree, FreeIndex.ExactLimit) + 1];
        var most = -1;
        foreach (var node in s.Set.Nodes)
        {
            if (Drainable(node, held, w.Gpus) is var (_, room) && room >= 0)
            {
                rooms[room]++;
                most = Math.Max(most, room);
            }
        }

        for (var room = most; room >= 0 && !s.Fits; room--)
        {
            for (var i = 0; i < s.Set.Nodes.Length && rooms[room] > 0 && !s.Fits; i++)
            {
                var node = s.Set.Nodes[i];
                if (Drainable(node, held, w.Gpus) is var (drained, r) && r == room)
                {
                    rooms[room]--;
                    s.Drained[node] = drained - room;
                    s.SetAvailable(node, drained);
                }
            }
        }

        return s.Fits;
    }

    /// <summary>GPUs the node offers once drained, and the room it has now; room −1 if draining it would not help.</summary>
    private (int Drained, int Room) Drainable(int node, HeldGpus? held, int gpus)
    {
        var nodes = state.Nodes;
        var drained = nodes.Usable[node] ? nodes.Capacity[node] - (nodes.Reserved[node] - (held?.On(node) ?? 0)) : 0;
        return drained >= gpus && drained > _available[node] ? (drained, Math.Clamp(_available[node], 0, Math.Min(nodes.Index.MaxFree, FreeIndex.ExactLimit))) : (drained, -1);
    }

    /// <summary>The next victim from the eligible owner furthest above its share, or null when none is left.</summary>
    private VictimUnit? NextUnit(ReclaimTrial s, bool isProtected, bool shrink)
    {
        var pool = s.Beneficiary.Pool;
        var exhausted = new HashSet<Owner>();
        while (true)
        {
            Owner? best = null;
            foreach (var owner in s.Local is null ? Victims.OwnersIn(pool) : s.LocalOwners)
            {
                if (owner == s.Beneficiary.Owner || exhausted.Contains(owner) || !IsVictimOwner(s, owner, pool))
                {
                    continue;
                }

                if (best is null || Before(s, owner, best, pool))
                {
                    best = owner;
                }
            }

            if (best is null)
            {
                return null;
            }

            // Within one attempt a unit once passed over stays ineligible (victims only dwindle), so each list is
            // walked once per attempt and phase; units evicted earlier in the plan are skipped for good.
            IReadOnlyList<VictimUnit> units;
            int first;
            if (s.Local is null)
            {
                var all = Victims.Units(best, pool, shrink);
                (units, first) = (all, all.FirstLive());
            }
            else
            {
                (units, first) = (s.Local.GetValueOrDefault((best, shrink)) ?? [], 0);
            }

            var cursor = s.Cursors.TryGetValue((best, shrink, isProtected), out var at) ? at : first;
            while (cursor < units.Count && !Eligible(s, units[cursor], isProtected))
            {
                cursor++;
            }

            s.Cursors[(best, shrink, isProtected)] = cursor + 1;
            if (cursor < units.Count)
            {
                s.ExcessBefore.TryAdd(best, best.Reclaimable(pool) - best.Share[pool]);
                return units[cursor];
            }

            exhausted.Add(best);
        }
    }

    /// <summary>
    /// Rules 4 and 8 together. An owner above share × ReclaimHysteresis as the attempt starts is a victim first;
    /// re-checking that after every run would let a small first victim stop the reclaim half-way. For
    /// within-share work an owner inside the band (above share, not above share × hysteresis) is a victim too,
    /// but only after those: otherwise many owners each slightly above share could make within-share work wait
    /// without bound. Either way an owner loses runs only while it is above its share, and below it only as
    /// LessThanInitialShare allows (<see cref="Eligible"/>); since the beneficiary ends within its share and
    /// the victim started above its own, no eviction can be answered by one back, so no loop forms.
    /// </summary>
    private bool IsVictimOwner(ReclaimTrial s, Owner owner, int pool) =>
        owner.Reclaimable(pool) > owner.Share[pool] + PlanState.Epsilon && (s.Reason == ReclaimReason.WithinShare || Qualified(s, owner, pool));

    /// <summary>Whether the owner was above share × ReclaimHysteresis when the attempt started.</summary>
    private bool Qualified(ReclaimTrial s, Owner owner, int pool)
    {
        if (!s.Qualified.TryGetValue(owner, out var qualified))
        {
            qualified = owner.Reclaimable(pool) > (owner.Share[pool] * state.Options.ReclaimHysteresis) + PlanState.Epsilon;
            s.Qualified[owner] = qualified;
        }

        return qualified;
    }

    /// <summary>Victim owner order: above the hysteresis band first, then furthest above share.</summary>
    private bool Before(ReclaimTrial s, Owner candidate, Owner best, int pool)
    {
        var a = Qualified(s, candidate, pool);
        return a != Qualified(s, best, pool) ? a : Further(candidate, best, pool);
    }

    private static bool Further(Owner candidate, Owner best, int pool)
    {
        var a = candidate.Reclaimable(pool) - candidate.Share[pool];
        var b = best.Reclaimable(pool) - best.Share[pool];
        if (Math.Abs(a - b) > PlanState.Epsilon)
        {
            return a > b;
        }

        return candidate.UsageGpus != best.UsageGpus ? candidate.UsageGpus > best.UsageGpus : candidate.Index < best.Index;
    }

    private bool Eligible(ReclaimTrial s, VictimUnit unit, bool isProtected)
    {
        var victim = unit.Workload;
        if (!victim.CanBeVictim || s.IsChosen(unit) || s.IsChosenWhole(victim) || state.IsProtected(victim) != isProtected || !unit.Parts.Any(p => s.Set.Contains(p.Node)))
        {
            return false;
        }

        var owner = victim.Owner;
        var pool = s.Beneficiary.Pool;
        if (s.Reason == ReclaimReason.Starvation && victim.Running.Count * victim.Gpus > owner.Share[victim.Pool] + PlanState.Epsilon)
        {
            // Two runs bigger than their shares never evict each other: that would ping-pong forever.
            return false;
        }

        var gpus = UnitGpusInPool(s, unit, pool);
        if (owner.Reclaimable(pool) - gpus >= owner.Share[pool] - PlanState.Epsilon)
        {
            return true;
        }

        // LessThanInitialShare: taking the victim below its share is allowed only while its allocated ÷ share
        // before the eviction stays above the beneficiary's allocated ÷ share after it.
        return ReclaimTrial.Ratio(owner.Reclaimable(pool), owner.Share[pool]) > s.BeneficiaryRatioAfter + PlanState.Epsilon;
    }

    /// <summary>GPUs the unit would take off its owner's allocation in the pool, beyond shrinks of the same run already chosen.</summary>
    private int UnitGpusInPool(ReclaimTrial s, VictimUnit unit, int pool)
    {
        var gpus = InPool(unit, pool);
        if (unit.Replica is null)
        {
            gpus -= s.ShrinksOf(unit.Workload).Sum(c => InPool(c, pool));
        }

        return gpus;
    }

    private int InPool(VictimUnit unit, int pool) => unit.Parts.Where(p => state.Nodes.Pool[p.Node] == pool).Sum(p => p.Gpus);

    private List<PodsOnNode> PlaceOnAvailable(WorkloadState w, FeasibleSet set, HeldGpus? held)
    {
        List<PodsOnNode>? placement = null;
        if (held is not null)
        {
            _candidates.Clear();
            _candidates.AddRange(held.Nodes.Select(n => n.Node).Where(set.Contains));
            placement = GangPlacer.Place(_candidates, _available, w.RequestPods, w.Gpus, state.Nodes);
        }

        _candidates.Clear();
        _candidates.AddRange(set.Nodes);
        return placement ?? GangPlacer.Place(_candidates, _available, w.RequestPods, w.Gpus, state.Nodes)
            ?? throw new InvalidOperationException("enough pods fit by count, so a placement exists");
    }
}
