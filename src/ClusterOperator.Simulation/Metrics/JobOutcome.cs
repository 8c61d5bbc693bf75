namespace ClusterOperator.Simulation.Metrics;

/// <summary>What happened to one job in one replay.</summary>
/// <param name="Id">The trace job id.</param>
/// <param name="Owner">The job's owner.</param>
/// <param name="Gpus">GPUs the whole gang holds while running.</param>
/// <param name="SubmitSeconds">Arrival in simulated seconds.</param>
/// <param name="FirstStartSeconds">When it was first bound; queueing delay is measured to this start.</param>
/// <param name="EndSeconds">When its last attempt completed.</param>
/// <param name="WithinShare">
/// Whether, at arrival, the owner's allocated GPUs plus its already-waiting GPUs plus this request were within the owner's fair share.
/// </param>
/// <param name="Preemptions">How many times it was evicted.</param>
/// <param name="LostGpuSeconds">
/// GPU-seconds its evicted pods held during their grace periods, checkpointing rather than training; the progress
/// made before each eviction is kept (the run resumes from its checkpoint).
/// </param>
public sealed record JobOutcome(
    string Id,
    string Owner,
    int Gpus,
    double SubmitSeconds,
    double FirstStartSeconds,
    double EndSeconds,
    bool WithinShare,
    int Preemptions,
    double LostGpuSeconds)
{
    public double QueueSeconds => FirstStartSeconds - SubmitSeconds;

    public double CompletionSeconds => EndSeconds - SubmitSeconds;
}
