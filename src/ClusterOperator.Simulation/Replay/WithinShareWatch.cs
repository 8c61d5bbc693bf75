using ClusterOperator.Scheduling;
using ClusterOperator.Simulation.Metrics;

namespace ClusterOperator.Simulation.Replay;

/// <summary>Follows a job that was within share at arrival until it starts: the core's waiting reason after each plan, and its owner's share.</summary>
internal sealed class WithinShareWatch
{
    private readonly double[] _seconds = new double[4];
    private readonly double _neededGpus;
    private readonly double _shareAtArrival;
    private long _since;
    private int _state = -1;
    private double _lowestShare;

    public WithinShareWatch(double neededGpus, double shareAtArrival, long arrivalTicks)
    {
        _neededGpus = neededGpus;
        _shareAtArrival = shareAtArrival;
        _lowestShare = shareAtArrival;
        _since = arrivalTicks;
    }

    /// <summary>After a plan at <paramref name="now"/>: the job's reason (null when the window hid it) and its owner's share.</summary>
    public void Observe(long now, WaitingReason? reason, double ownerShare, int gpus)
    {
        Close(now);
        _lowestShare = Math.Min(_lowestShare, ownerShare);
        _state = reason?.Code switch
        {
            null or WaitingCode.OverShare or WaitingCode.QuotaExceeded => 0,
            WaitingCode.Reclaiming => 1,
            // Starving while bigger than its share: it is not within share, it only may not wait for ever.
            WaitingCode.StarvationReserved => gpus > ownerShare + 1e-9 ? 0 : 3,
            _ => 2,
        };
    }

    public WithinShareWait Started(SimJob job, long now)
    {
        Close(now);
        var trace = job.Job.Trace;
        return new WithinShareWait(
            trace.Id,
            trace.Owner,
            job.Gpus,
            trace.Replicas,
            ReplayClock.Seconds(job.Job.SubmitTicks),
            ReplayClock.Seconds(now),
            _neededGpus,
            _shareAtArrival,
            _lowestShare,
            _seconds[0],
            _seconds[1],
            _seconds[2],
            _seconds[3]);
    }

    private void Close(long now)
    {
        if (_state >= 0)
        {
            _seconds[_state] += ReplayClock.Seconds(now - _since);
        }

        _since = now;
    }
}
