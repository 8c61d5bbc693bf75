namespace ClusterOperator.Simulation.Metrics;

/// <summary>Integrates, over simulated time, how the cluster's GPUs are held: each state lasts until the next report.</summary>
internal sealed class CapacityUse(double startSeconds)
{
    private double _last = startSeconds;
    private (int Running, int Terminating, int ReservedIdle, int IdleWithWork) _current;
    private double _running;
    private double _terminating;
    private double _reservedIdle;
    private double _idleWithWork;

    /// <summary>From <paramref name="seconds"/> on: GPUs training, held by evicted pods, reserved and free, and free while work waits.</summary>
    public void Record(double seconds, int running, int terminating, int reservedIdle, int idleWithWork)
    {
        var span = seconds - _last;
        _running += _current.Running * span;
        _terminating += _current.Terminating * span;
        _reservedIdle += _current.ReservedIdle * span;
        _idleWithWork += _current.IdleWithWork * span;
        _last = seconds;
        _current = (running, terminating, reservedIdle, idleWithWork);
    }

    public CapacitySplit Split(double totalGpuSeconds) => new(_running, _terminating, _reservedIdle, _idleWithWork, totalGpuSeconds);
}
