namespace ClusterOperator.Simulation.Replay;

/// <summary>
/// Instants at which something may become due for a job (e.g. its MinRuntime protection ends), added in time
/// order. Entries whose job has since moved on (another attempt or phase) are dropped lazily.
/// </summary>
internal sealed class TimedJobQueue(JobPhase phase)
{
    private readonly Queue<(SimJob Job, int Attempt, long Ticks)> _entries = new();

    public void Add(SimJob job, long ticks) => _entries.Enqueue((job, job.Attempt, ticks));

    /// <summary>The earliest instant after <paramref name="now"/> of a job still in the phase, or null.</summary>
    public long? NextAfter(long now)
    {
        while (_entries.TryPeek(out var entry))
        {
            if (entry.Ticks > now && entry.Job.Attempt == entry.Attempt && entry.Job.Phase == phase)
            {
                return entry.Ticks;
            }

            _entries.Dequeue();
        }

        return null;
    }
}
