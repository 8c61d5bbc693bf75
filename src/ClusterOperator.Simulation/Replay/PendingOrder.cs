using ClusterOperator.Scheduling;
using ClusterOperator.Simulation.Traces;

namespace ClusterOperator.Simulation.Replay;

/// <summary>
/// The order in which the core takes one owner's pending work (rule 1 within an owner): under fair-share
/// ordering ideas first, then by submit time, then id. The replay's pending window keeps each owner's head in this order.
/// </summary>
internal sealed class PendingOrder(QueueOrdering ordering) : IComparer<SimJob>
{
    public int Compare(SimJob? x, SimJob? y)
    {
        if (ReferenceEquals(x, y))
        {
            return 0;
        }

        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        var c = Class(x).CompareTo(Class(y));
        c = c != 0 ? c : x.Job.SubmitTicks.CompareTo(y.Job.SubmitTicks);
        return c != 0 ? c : string.CompareOrdinal(x.Job.Trace.Id, y.Job.Trace.Id);
    }

    private int Class(SimJob job) => ordering == QueueOrdering.FairShare && job.Job.Trace.Kind == TraceJobKind.Idea ? 0 : 1;
}
