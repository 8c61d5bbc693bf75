namespace ClusterOperator.Scheduling.Planning;

/// <summary>Turns the plan state into the public, sorted decisions.</summary>
internal static class PlanWriter
{
    public static SchedulingPlan Write(PlanState state)
    {
        var nodes = state.Nodes;
        var explainer = new Explainer(state);
        var binds = new List<Bind>();
        var evictions = new List<Eviction>();
        var reservations = new List<Reservation>();
        var resizes = new List<Resize>();
        // Workloads are in id order, so these maps are written in id order too.
        var count = state.Workloads.Count;
        var ids = new string[count];
        var shares = new double[count];
        var waitingIds = new string[count];
        var waitingReasons = new WaitingReason[count];
        var waiting = 0;
        for (var i = 0; i < count; i++)
        {
            var w = state.Workloads[i];
            if (w.NewBinds.Count > 0)
            {
                binds.AddRange(w.NewBinds.OrderBy(b => b.Index).Select(b => new Bind(w.Id, b.Index, nodes.Name(b.Node))));
            }

            if (w.Eviction is { } eviction)
            {
                evictions.Add(eviction);
            }

            if (w.Outgoing is { } held)
            {
                reservations.Add(new Reservation(
                    w.Id,
                    w.Owner.Name,
                    held.Reason,
                    [.. held.Nodes.Select(n => new ReservedGpus(nodes.Name(n.Node), n.Gpus))],
                    held.Since,
                    held.ExpectedBy));
            }

            var size = w.Evicted ? 0 : w.Running.Count + w.NewBinds.Count - w.Shrunk.Count;
            if (w.IsElastic && !w.Evicted && size != w.Running.Count && size > 0)
            {
                resizes.Add(new Resize(w.Id, w.Running.Count, size));
            }

            if ((w.Placeable || w.Phase == WorkloadPhase.Terminating) && !w.Bound)
            {
                waitingIds[waiting] = w.Id;
                waitingReasons[waiting++] = explainer.Explain(w);
            }

            ids[i] = w.Id;
            shares[i] = w.Share;
        }

        var ownerShares = new List<OwnerShare>();
        foreach (var owner in state.Owners)
        {
            for (var pool = 0; pool < state.PoolTypes.Count; pool++)
            {
                if (owner.Demand[pool] > 0 || owner.Allocated[pool] > 0)
                {
                    ownerShares.Add(new OwnerShare(owner.Name, state.PoolTypes[pool], owner.Weight, owner.Demand[pool], owner.Share[pool], owner.Allocated[pool]));
                }
            }
        }

        return new SchedulingPlan
        {
            Binds = binds,
            Evictions = evictions,
            Reservations = reservations,
            Resizes = resizes,
            Waiting = new SortedIdMap<WaitingReason>(waitingIds, waitingReasons, waiting),
            OwnerShares = ownerShares,
            WorkloadShares = new SortedIdMap<double>(ids, shares, count),
            Errors = [.. state.Errors],
        };
    }
}
