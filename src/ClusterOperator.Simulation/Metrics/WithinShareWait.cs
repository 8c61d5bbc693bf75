namespace ClusterOperator.Simulation.Metrics;

/// <summary>
/// A job within share at arrival that waited past the within-share bound, with how the core explained its wait:
/// the time it spent under each waiting reason, from plan to plan, until its first start.
/// </summary>
/// <param name="Id">Trace job id.</param>
/// <param name="Owner">Its owner.</param>
/// <param name="Gpus">GPUs of the whole gang.</param>
/// <param name="Replicas">Gang size in pods.</param>
/// <param name="SubmitSeconds">Arrival.</param>
/// <param name="StartSeconds">First start.</param>
/// <param name="NeededGpus">At arrival: the owner's running GPUs + its waiting GPUs + this request (the within-share test).</param>
/// <param name="ShareAtArrival">The owner's fair share at arrival.</param>
/// <param name="LowestShare">The owner's lowest fair share while the job waited.</param>
/// <param name="OverShareSeconds">
/// Time the core did not see it as within share: OverShare or QuotaExceeded, hidden behind its owner's queue head,
/// or holding a starvation reservation while bigger than its owner's share.
/// </param>
/// <param name="ReclaimingSeconds">Time it held a reservation while victims finished MinRuntime or terminated (Reclaiming).</param>
/// <param name="NoRoomSeconds">Time it was within share but nothing could make room (NoReclaimableCapacity, InsufficientGpus).</param>
/// <param name="StarvingSeconds">Time it held a starvation reservation within its share while nodes drained (StarvationReserved).</param>
public sealed record WithinShareWait(
    string Id,
    string Owner,
    int Gpus,
    int Replicas,
    double SubmitSeconds,
    double StartSeconds,
    double NeededGpus,
    double ShareAtArrival,
    double LowestShare,
    double OverShareSeconds,
    double ReclaimingSeconds,
    double NoRoomSeconds,
    double StarvingSeconds)
{
    public double WaitSeconds => StartSeconds - SubmitSeconds;

    /// <summary>Time the core treated it as within share and still could not start it.</summary>
    public double WithinShareSeconds => ReclaimingSeconds + NoRoomSeconds + StarvingSeconds;

    /// <summary>
    /// Share fell: the share went below what was needed and, leaving out the time the core saw the job as over
    /// share, the wait fits <paramref name="boundSeconds"/>. Otherwise a multi-node gang, or anything else.
    /// </summary>
    public WaitCause CauseFor(double boundSeconds) =>
        LowestShare < NeededGpus && OverShareSeconds > 0 && WithinShareSeconds <= boundSeconds
            ? WaitCause.ShareFell
            : Replicas > 1 ? WaitCause.GangNeedsWholeNodes : WaitCause.Other;
}
