using System.Globalization;

namespace ClusterOperator.Scheduling.Planning;

/// <summary>
/// Carries the previous plan's reservations into this one. A reservation is kept while its beneficiary still
/// waits and still qualifies (within share for rule 4, starving for rule 7); otherwise it ends silently. A run
/// whose pods still terminate keeps one too: it was moved, and the reservation is where it goes next.
/// </summary>
internal static class ReservationLoader
{
    public static void Load(PlanState state, IReadOnlyList<Reservation> reservations)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var reservation in reservations)
        {
            if (string.IsNullOrEmpty(reservation.BeneficiaryId))
            {
                state.Errors.Add(new SnapshotError("reservation", "the reservation names no beneficiary; it is dropped"));
                continue;
            }

            if (!seen.Add(reservation.BeneficiaryId))
            {
                state.Errors.Add(new SnapshotError($"reservation {reservation.BeneficiaryId}", "the beneficiary has another reservation; only the first one is kept"));
                continue;
            }

            if (state.Find(reservation.BeneficiaryId) is not { } workload || !(workload.Placeable || workload.Phase == WorkloadPhase.Terminating) || workload.Unschedulable || !Qualifies(state, workload, reservation.Reason))
            {
                continue;
            }

            var held = Nodes(state, reservation);
            if (held.Count == 0)
            {
                continue;
            }

            workload.Incoming = new HeldGpus(reservation.Reason, held, reservation.Since, reservation.ExpectedBy);
            foreach (var (node, gpus) in held)
            {
                state.Nodes.AddReserved(node, gpus);
            }
        }
    }

    private static bool Qualifies(PlanState state, WorkloadState workload, ReclaimReason reason) =>
        state.Policy.Reclaim && (reason == ReclaimReason.WithinShare ? state.WithinShare(workload) : state.Starving(workload));

    private static List<(int Node, int Gpus)> Nodes(PlanState state, Reservation reservation)
    {
        var held = new SortedDictionary<int, int>();
        foreach (var entry in reservation.Nodes)
        {
            if (entry.Gpus < 0)
            {
                state.Errors.Add(new SnapshotError(
                    $"reservation {reservation.BeneficiaryId}",
                    string.Create(CultureInfo.InvariantCulture, $"{entry.Gpus} GPUs on node {entry.Node} must not be negative; the entry is dropped")));
            }
            else if (entry.Gpus > 0 && state.Nodes.TryFind(entry.Node, out var node))
            {
                held[node] = Math.Min(state.Nodes.Capacity[node], held.GetValueOrDefault(node) + entry.Gpus);
            }
        }

        return [.. held.Where(p => p.Value > 0).Select(p => (p.Key, p.Value))];
    }
}
