namespace ClusterOperator.Simulation.Replay;

/// <summary>How far one policy's replay has got.</summary>
/// <param name="Policy">The policy name.</param>
/// <param name="CompletedJobs">Jobs completed so far.</param>
/// <param name="TotalJobs">Jobs in the replay.</param>
/// <param name="SimulatedSeconds">Simulated time reached, from the first submission.</param>
public sealed record ReplayProgress(string Policy, int CompletedJobs, int TotalJobs, double SimulatedSeconds)
{
    public double Fraction => TotalJobs == 0 ? 1 : (double)CompletedJobs / TotalJobs;
}
