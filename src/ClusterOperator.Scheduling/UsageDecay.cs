namespace ClusterOperator.Scheduling;

/// <summary>Exponentially decayed GPU-seconds: the usage that orders pending work (rule 3).</summary>
public static class UsageDecay
{
    /// <summary>
    /// Usage after <paramref name="elapsed"/> during which <paramref name="gpusHeld"/> GPUs were held:
    /// the previous value decays by 2^(−elapsed/halfLife) and the new GPU-seconds are added, each decayed
    /// from the moment it was used (the exact integral, so the result does not depend on the step size).
    /// </summary>
    public static double Advance(double previousGpuSeconds, double gpusHeld, TimeSpan elapsed, TimeSpan halfLife)
    {
        if (halfLife <= TimeSpan.Zero)
        {
            return 0;
        }

        if (elapsed <= TimeSpan.Zero)
        {
            return previousGpuSeconds;
        }

        var decay = Math.Pow(2, -elapsed.TotalSeconds / halfLife.TotalSeconds);
        var meanLifeSeconds = halfLife.TotalSeconds / Math.Log(2);
        return (previousGpuSeconds * decay) + (gpusHeld * meanLifeSeconds * (1 - decay));
    }

    /// <summary>
    /// Usage expressed in GPUs: holding g GPUs forever converges to g × halfLife ÷ ln 2 GPU-seconds, so this
    /// is the steady-state GPU count the usage corresponds to. It is what ordering adds to allocated GPUs.
    /// </summary>
    public static double ToGpus(double gpuSeconds, TimeSpan halfLife) =>
        halfLife <= TimeSpan.Zero ? 0 : gpuSeconds * Math.Log(2) / halfLife.TotalSeconds;
}
