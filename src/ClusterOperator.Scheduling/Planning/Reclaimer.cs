using System.Globalization;

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
    private int _podsFit;

    private VictimIndex Victims => _victims ??= new VictimIndex(state);

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
    /// Rule 7 for within-share work reclaim could not help, then the end of carried reservations nobody renewed.
    /// </summary>
    public void Finish(IReadOnlyList<WorkloadState> order)
    {
        var waiting = order.Where(w => w.Placeable && !w.Bound && !w.Unschedulable && !_starvedEarly.Contains(w)).ToList();
        foreach (var w in waiting.Where(w => w.Outgoing is null && state.Starving(w)).OrderBy(w => w.PendingSince).ToList())
        {
            Attempt(w, ReclaimReason.Starvation);
        }

        foreach (var w in state.Workloads.Where(w => w.Incoming is not null))
        {
            placer.Release(w);
        }
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
        if (!known && TargetNodes(w, set, held) is { } target && TryOn(w, reason, target, held))
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
    private FeasibleSet? TargetNodes(WorkloadState w, FeasibleSet set, HeldGpus? held)
    {
        if (set.Nodes.Length <= LocalLimit || w.Gpus == 1)
        {
            // One-GPU pods fit wherever any victim frees a GPU, so the cluster-wide order works as it is.
            return null;
        }

        var pool = w.Pool;
        var victimOwner = new bool[state.Owners.Count];
        foreach (var owner in state.Owners)
        {
            victimOwner[owner.Index] = owner != w.Owner && owner.Reclaimable(pool) > (owner.Share[pool] * state.Options.ReclaimHysteresis) + PlanState.Epsilon;
        }

        var candidates = new List<(int Node, int Base, int Potential)>();
        foreach (var node in set.Nodes)
        {
            var available = state.Nodes.Prospective(node, held?.On(node) ?? 0);
            var potential = available;
            foreach (var (owner, gpus) in Victims.GpusOn(node))
            {
                if (victimOwner[owner.Index])
                {
                    potential += gpus;
                }
            }

            if (potential >= w.Gpus)
            {
                candidates.Add((node, available, potential));
            }
        }

        candidates.Sort((a, b) => a.Base != b.Base ? b.Base.CompareTo(a.Base) : a.Node.CompareTo(b.Node));
        var chosen = new List<int>();
        var pods = 0;
        foreach (var (node, _, potential) in candidates)
        {
            if (pods >= w.RequestPods || chosen.Count >= LocalLimit)
            {
                break;
            }

            chosen.Add(node);
            pods += potential / w.Gpus;
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
        _podsFit = 0;
        foreach (var node in set.Nodes)
        {
            _available[node] = state.Nodes.Prospective(node, held?.On(node) ?? 0);
            _podsFit += Math.Max(0, _available[node]) / w.Gpus;
        }

        var selection = new Selection(w, set, reason);
        if (set.Nodes.Length <= LocalLimit)
        {
            Localize(selection);
        }

        if (_podsFit < w.RequestPods && !SelectVictims(selection))
        {
            Undo(selection, _ => true);
            return false;
        }

        Prune(selection);
        var placement = PlaceOnAvailable(w, set, held);
        var placed = placement.Select(p => p.Node).ToHashSet();
        Undo(selection, u => !u.Parts.Any(p => placed.Contains(p.Node)));
        Commit(selection, placement);
        return true;
    }

    /// <summary>For a few nodes, the units on them per owner and kind (in each owner's order) beat walking whole owner lists.</summary>
    private void Localize(Selection s)
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

    private bool SelectVictims(Selection s)
    {
        foreach (var (isProtected, shrink) in new[] { (false, true), (false, false), (true, true), (true, false) })
        {
            while (_podsFit < s.Beneficiary.RequestPods)
            {
                var unit = NextUnit(s, isProtected, shrink);
                if (unit is null)
                {
                    break;
                }

                Add(s, unit);
            }

            if (_podsFit >= s.Beneficiary.RequestPods)
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
    private bool DrainNodes(Selection s)
    {
        var w = s.Beneficiary;
        var held = w.Incoming;
        var order = s.Set.Nodes
            .Select(node => (Node: node, Drained: state.Nodes.Usable[node] ? state.Nodes.Capacity[node] - (state.Nodes.Reserved[node] - (held?.On(node) ?? 0)) : 0))
            .Where(n => n.Drained >= w.Gpus && n.Drained > _available[n.Node])
            .OrderByDescending(n => Math.Max(0, _available[n.Node]))
            .ThenBy(n => n.Node)
            .ToList();
        foreach (var (node, drained) in order)
        {
            if (_podsFit >= w.RequestPods)
            {
                break;
            }

            _podsFit -= Math.Max(0, _available[node]) / w.Gpus;
            s.Drained[node] = drained - Math.Max(0, _available[node]);
            _available[node] = drained;
            _podsFit += drained / w.Gpus;
        }

        return _podsFit >= w.RequestPods;
    }

    /// <summary>The next victim from the eligible owner furthest above its share, or null when none is left.</summary>
    private VictimUnit? NextUnit(Selection s, bool isProtected, bool shrink)
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

                if (best is null || Further(owner, best, pool))
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
    /// Rule 8: an owner becomes a victim only when it is above share × ReclaimHysteresis as the attempt starts,
    /// and then loses runs only while it is still above its share (below it only as LessThanInitialShare allows).
    /// Re-checking the hysteresis after every run would let a small first victim stop the reclaim half-way.
    /// </summary>
    private bool IsVictimOwner(Selection s, Owner owner, int pool)
    {
        if (!s.Qualified.TryGetValue(owner, out var qualified))
        {
            qualified = owner.Reclaimable(pool) > (owner.Share[pool] * state.Options.ReclaimHysteresis) + PlanState.Epsilon;
            s.Qualified[owner] = qualified;
        }

        return qualified && owner.Reclaimable(pool) > owner.Share[pool] + PlanState.Epsilon;
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

    private bool Eligible(Selection s, VictimUnit unit, bool isProtected)
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
        return Ratio(owner.Reclaimable(pool), owner.Share[pool]) > s.BeneficiaryRatioAfter + PlanState.Epsilon;
    }

    /// <summary>GPUs the unit would take off its owner's allocation in the pool, beyond shrinks of the same run already chosen.</summary>
    private int UnitGpusInPool(Selection s, VictimUnit unit, int pool)
    {
        var gpus = InPool(unit, pool);
        if (unit.Replica is null)
        {
            gpus -= s.ShrinksOf(unit.Workload).Sum(c => InPool(c, pool));
        }

        return gpus;
    }

    private int InPool(VictimUnit unit, int pool) => unit.Parts.Where(p => state.Nodes.Pool[p.Node] == pool).Sum(p => p.Gpus);

    private static double Ratio(double allocated, double share) =>
        share > PlanState.Epsilon ? allocated / share : allocated > 0 ? double.PositiveInfinity : 0;

    private void Add(Selection s, VictimUnit unit)
    {
        if (unit.Replica is null)
        {
            // The whole run supersedes shrinks of the same run chosen earlier.
            foreach (var shrink in s.ShrinksOf(unit.Workload).ToList())
            {
                Shift(s, shrink, -1);
                s.Drop(shrink);
            }
        }

        Shift(s, unit, +1);
        s.Take(unit);
    }

    /// <summary>Puts the GPUs of these chosen units back and forgets them.</summary>
    private void Undo(Selection s, Func<VictimUnit, bool> which)
    {
        foreach (var unit in s.Chosen.Where(which).ToList())
        {
            Shift(s, unit, -1);
            s.Drop(unit);
        }
    }

    /// <summary>Frees (sign +1) or re-occupies (−1) a unit's GPUs in the trial accounting.</summary>
    private void Shift(Selection s, VictimUnit unit, int sign)
    {
        var gpus = s.Beneficiary.Gpus;
        foreach (var (node, part) in unit.Parts)
        {
            if (s.Set.Contains(node))
            {
                _podsFit -= Math.Max(0, _available[node]) / gpus;
                _available[node] += sign * part;
                _podsFit += Math.Max(0, _available[node]) / gpus;
            }

            unit.Workload.Owner.Allocate(state.Nodes.Pool[node], -sign * part);
        }
    }

    /// <summary>Drops victims, last chosen first, whenever the gang still fits without them.</summary>
    private void Prune(Selection s)
    {
        for (var i = s.Chosen.Count - 1; i >= 0; i--)
        {
            var unit = s.Chosen[i];
            Shift(s, unit, -1);
            if (_podsFit >= s.Beneficiary.RequestPods)
            {
                s.Drop(unit);
            }
            else
            {
                Shift(s, unit, +1);
            }
        }
    }

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

    /// <summary>Evicts the unprotected victims, leaves the protected and drained ones running, and reserves.</summary>
    private void Commit(Selection s, List<PodsOnNode> placement)
    {
        var w = s.Beneficiary;
        var held = w.Incoming;
        DateTimeOffset? expectedBy = held?.ExpectedBy ?? state.Now;
        var drainGpus = placement.Sum(p => Math.Min(p.Pods * w.Gpus, s.Drained.GetValueOrDefault(p.Node)));
        if (drainGpus > 0)
        {
            expectedBy = null;
        }

        var note = new WaitNote(s.Reason == ReclaimReason.WithinShare ? WaitingCode.Reclaiming : WaitingCode.StarvationReserved)
        {
            HeldGpus = placement.Sum(p => p.Pods) * w.Gpus,
            HeldNodes = placement.Count,
        };
        foreach (var unit in s.Chosen.ToList())
        {
            var victim = unit.Workload;
            if (state.IsProtected(victim))
            {
                // It keeps running, but its GPUs are spoken for: no other beneficiary counts on them too.
                Shift(s, unit, -1);
                s.Drop(unit);
                victim.Promised = true;
                Victims.Retire(victim);
                foreach (var (node, gpus) in unit.Parts)
                {
                    victim.Owner.Promised[state.Nodes.Pool[node]] += gpus;
                }

                var until = victim.ProtectedUntil!.Value;
                note.Awaited.Add((victim.Owner, unit.Gpus, until));
                expectedBy = Later(expectedBy, until + victim.Grace);
            }
            else
            {
                Victims.Retire(victim);
                var gpus = Evict(s, unit);
                note.Reclaimed.Add((victim.Owner, gpus, s.ExcessBefore.GetValueOrDefault(victim.Owner)));
                expectedBy = Later(expectedBy, state.Now + victim.Grace);
            }
        }

        placer.Release(w);
        var nodes = placement.Select(p => (p.Node, p.Pods * w.Gpus)).ToList();
        foreach (var (node, gpus) in nodes)
        {
            state.Nodes.AddReserved(node, gpus);
        }

        w.Owner.Reserved[w.Pool] += note.HeldGpus;
        if (w.IsIdea)
        {
            w.Owner.IdeaGpus += note.HeldGpus;
        }

        var since = held is not null && held.Reason == s.Reason ? held.Since : state.Now;
        w.Outgoing = new HeldGpus(s.Reason, nodes, since, expectedBy);
        w.Wait = new WaitNote(note.Code)
        {
            HeldGpus = note.HeldGpus,
            HeldNodes = note.HeldNodes,
            DrainGpus = drainGpus,
            ExpectedBy = expectedBy,
        };
        w.Wait.Reclaimed.AddRange(Merge(note.Reclaimed));
        w.Wait.Awaited.AddRange(note.Awaited.GroupBy(a => a.Owner).Select(g => (g.Key, g.Sum(a => a.Gpus), g.Max(a => a.Until))));
    }

    private static IEnumerable<(Owner Owner, int Gpus, double Excess)> Merge(List<(Owner Owner, int Gpus, double Excess)> reclaimed) =>
        reclaimed.GroupBy(r => r.Owner).Select(g => (g.Key, g.Sum(r => r.Gpus), g.First().Excess));

    private static DateTimeOffset? Later(DateTimeOffset? a, DateTimeOffset b) => a is null ? null : a > b ? a : b;

    /// <summary>Turns a chosen unit into an eviction (its GPUs already left the owner's allocation); returns the GPUs it frees.</summary>
    private int Evict(Selection s, VictimUnit unit)
    {
        var victim = unit.Workload;
        var w = s.Beneficiary;
        if (unit.Replica is { } replica)
        {
            victim.Shrunk.Add(replica);
        }
        else
        {
            victim.Evicted = true;
        }

        foreach (var (node, gpus) in unit.Parts)
        {
            state.Nodes.StartTerminating(node, gpus);
        }

        var indices = victim.Evicted ? victim.Running.Select(p => p.Index).ToList() : [.. victim.Shrunk.Order()];
        var owner = victim.Owner;
        var pool = w.Pool;
        var why = s.Reason == ReclaimReason.WithinShare
            ? $"reclaimed for {w.Id} of owner {w.Owner.Name}, which is within its fair share"
            : $"reclaimed for {w.Id} of owner {w.Owner.Name}, which waited past the {DurationText.Format(state.Options.StarvationThreshold)} starvation threshold";
        var what = victim.Evicted ? "preempted" : string.Create(CultureInfo.InvariantCulture, $"shrunk to {victim.Running.Count - victim.Shrunk.Count} replicas");
        var heldBefore = s.ExcessBefore.GetValueOrDefault(owner) + owner.Share[pool];
        var message = string.Create(
            CultureInfo.InvariantCulture,
            $"{what}: {why}; owner {owner.Name} held {heldBefore:0.#} GPUs against a fair share of {owner.Share[pool]:0.#}");
        victim.Eviction = victim.Eviction is { } earlier && !victim.Evicted
            ? earlier with { PodIndices = indices, Message = message }
            : new Eviction(victim.Id, indices, victim.Evicted, s.Reason, w.Id, w.Owner.Name, victim.Grace, message);
        return unit.Gpus;
    }

    /// <summary>The trial state of one attempt.</summary>
    private sealed class Selection(WorkloadState beneficiary, FeasibleSet set, ReclaimReason reason)
    {
        public WorkloadState Beneficiary { get; } = beneficiary;

        public FeasibleSet Set { get; } = set;

        public ReclaimReason Reason { get; } = reason;

        private static readonly List<VictimUnit> NoUnits = [];
        private readonly HashSet<VictimUnit> _chosen = [];
        private readonly Dictionary<WorkloadState, List<VictimUnit>> _shrinks = [];
        private readonly HashSet<WorkloadState> _whole = [];

        /// <summary>The chosen units, in the order they were chosen.</summary>
        public List<VictimUnit> Chosen { get; } = [];

        /// <summary>For small node sets: the units on those nodes per owner and kind; null means the owners' full lists.</summary>
        public Dictionary<(Owner Owner, bool Shrink), List<VictimUnit>>? Local { get; set; }

        public List<Owner> LocalOwners { get; set; } = [];

        /// <summary>Where each owner's unit list was left, per (owner, shrink, protected) phase.</summary>
        public Dictionary<(Owner Owner, bool Shrink, bool Protected), int> Cursors { get; } = [];

        public Dictionary<Owner, double> ExcessBefore { get; } = [];

        public bool IsChosen(VictimUnit unit) => _chosen.Contains(unit);

        public bool IsChosenWhole(WorkloadState workload) => _whole.Contains(workload);

        public List<VictimUnit> ShrinksOf(WorkloadState workload) => _shrinks.TryGetValue(workload, out var units) ? units : NoUnits;

        public void Take(VictimUnit unit)
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

        public void Drop(VictimUnit unit)
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

        /// <summary>GPUs per node that a starvation reservation waits for running work to free.</summary>
        public Dictionary<int, int> Drained { get; } = [];

        /// <summary>Whether each owner was above share × hysteresis when the attempt started.</summary>
        public Dictionary<Owner, bool> Qualified { get; } = [];

        /// <summary>
        /// The beneficiary owner's allocated ÷ share after it runs. Within-share work counts as at most 1: an
        /// idea inside the idea guarantee is within share by definition (rule 5), whatever the owner holds.
        /// </summary>
        public double BeneficiaryRatioAfter { get; } = Math.Min(
            reason == ReclaimReason.WithinShare ? 1 : double.PositiveInfinity,
            Ratio(beneficiary.Owner.Allocated[beneficiary.Pool] + beneficiary.Owner.Reserved[beneficiary.Pool] + beneficiary.RequestGpus, beneficiary.Owner.Share[beneficiary.Pool]));
    }
}
