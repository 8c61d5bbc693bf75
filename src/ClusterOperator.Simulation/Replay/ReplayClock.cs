namespace ClusterOperator.Simulation.Replay;

/// <summary>The replay's simulated clock: trace seconds are offsets from <see cref="Epoch"/>, kept as ticks.</summary>
internal static class ReplayClock
{
    public static readonly DateTimeOffset Epoch = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static DateTimeOffset At(long ticks) => Epoch.AddTicks(ticks);

    public static long Ticks(DateTimeOffset time) => (time - Epoch).Ticks;

    public static double Seconds(long ticks) => (double)ticks / TimeSpan.TicksPerSecond;
}
