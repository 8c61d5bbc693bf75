namespace ClusterOperator.Scheduling;

/// <summary>How pending work is ordered for placement. Partial gangs being repaired always go first.</summary>
public enum QueueOrdering
{
    /// <summary>Ideas first; then by the owner's (allocated + decayed usage) ÷ weight, ascending; then submit time; then id.</summary>
    FairShare,

    /// <summary>By submit time, then id.</summary>
    SubmitTime,
}
