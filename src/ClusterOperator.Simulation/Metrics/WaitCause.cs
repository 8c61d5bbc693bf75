namespace ClusterOperator.Simulation.Metrics;

/// <summary>Why a job that was within share at arrival waited longer than the within-share bound.</summary>
public enum WaitCause
{
    /// <summary>
    /// Its owner's fair share fell below what the owner held and waited for, because other owners' demand arrived:
    /// the core, which judges share at every plan, mostly saw it as over share (WaitingCode.OverShare).
    /// </summary>
    ShareFell,

    /// <summary>A multi-node gang that mostly waited for whole nodes to come free (no room, reclaim or starvation reservation).</summary>
    GangNeedsWholeNodes,

    /// <summary>Neither: worth a look at the core.</summary>
    Other,
}
