namespace ClusterOperator.Soak;

/// <summary>Inputs of a soak.</summary>
/// <param name="Runs">Runs and ideas to submit.</param>
/// <param name="Minutes">How long faults are injected; runs arrive over the first 60% of it.</param>
/// <param name="Seed">Seeds the workload plan, the chaos schedule and the API fault injector.</param>
/// <param name="Nodes">Simulated nodes.</param>
/// <param name="GpusPerNode">GPUs per node.</param>
/// <param name="FaultRate">Fraction of API requests failed with 500 or 429.</param>
/// <param name="WatchMaxSeconds">Every watch is closed by the server after this many seconds.</param>
/// <param name="History">Changes the server keeps for resuming watches; small, so resumes get 410 Gone.</param>
internal sealed record SoakOptions(
    int Runs = 500,
    double Minutes = 10,
    int Seed = 1,
    int Nodes = 8,
    int GpusPerNode = 8,
    double FaultRate = 0.1,
    int WatchMaxSeconds = 3,
    int History = 100)
{
    public TimeSpan Duration => TimeSpan.FromMinutes(Minutes);

    public double ArrivalSeconds => Duration.TotalSeconds * 0.6;

    /// <summary>How long, after the faults stop, unfinished runs may still take to finish.</summary>
    public TimeSpan DrainLimit => TimeSpan.FromSeconds(Math.Max(60, Duration.TotalSeconds * 0.25));
}
