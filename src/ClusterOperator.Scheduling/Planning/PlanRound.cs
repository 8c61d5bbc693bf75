namespace ClusterOperator.Scheduling.Planning;

/// <summary>One plan, written as numbered steps. Each step charges its decisions to the plan state only.</summary>
internal sealed class PlanRound(ClusterSnapshot snapshot)
{
    public SchedulingPlan Run()
    {
        // 1. Read: validate the snapshot into dense tables; charge running pods to nodes and owners.
        var state = SnapshotReader.Read(snapshot);

        // 2. Divide: fair shares per GPU type, across owners and then across each owner's runs (rule 2).
        FairShareCalculator.Compute(state);

        // 3. Carry: the previous plan's reservations that still qualify hold their GPUs again.
        ReservationLoader.Load(state, snapshot.Reservations);

        var placer = new Placer(state);
        var reclaimer = new Reclaimer(state, placer);

        // 4. Starve: runs bigger than their share that waited past the threshold claim nodes first (rule 7).
        if (state.Policy.Reclaim)
        {
            reclaimer.ReserveForStarving();
        }

        // 5. Place: everything that fits in free GPUs is bound now, in rule 1's order; within-share work that
        // does not fit reclaims borrowed GPUs at its turn (rule 4).
        // Pending work is taken in the caller's list order, usually queue order already, which spares sorting it.
        if (state.Policy.Reclaim)
        {
            var order = placer.PlaceAll(state.WorkloadsAsListed, w => w.Placeable, reclaimer.OnMiss);

            // 6. Starve: rule 7 for within-share work reclaim could not help; carried reservations nobody renewed end.
            reclaimer.Finish(order);

            // 7. Fill: GPUs of reservations that ended go to whatever now fits (rule 9).
            placer.PlaceAll(order, w => !w.Bound);
        }
        else
        {
            placer.PlaceAll(state.WorkloadsAsListed, w => w.Placeable);
        }

        // 8. Grow: elastic runs take GPUs no pending workload can use (rule 9).
        Grower.Run(state, placer);

        // 9. Explain and emit.
        return PlanWriter.Write(state);
    }
}
