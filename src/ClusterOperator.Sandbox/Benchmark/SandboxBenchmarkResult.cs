using System.Globalization;

namespace ClusterOperator.Sandbox.Benchmark;

/// <summary>Figures measured by <see cref="SandboxBenchmark"/>.</summary>
/// <param name="Writes">Creates and updates completed over HTTPS.</param>
/// <param name="WriteSeconds">Wall time of the write phase.</param>
/// <param name="WriteCpuSeconds">Processor time the whole process (server and benchmark client) used in the write phase.</param>
/// <param name="WriteLatencyP50Milliseconds">Median write latency.</param>
/// <param name="WriteLatencyP99Milliseconds">99th percentile write latency.</param>
/// <param name="WatchesHeld">Watches open at once on the server.</param>
/// <param name="WatchesComplete">Watches that received every change made while they were open.</param>
/// <param name="ChangesWhileWatching">Changes each watch had to see.</param>
/// <param name="ManagedBytesBefore">Managed heap after the write phase, before the watches opened.</param>
/// <param name="ManagedBytesWithWatches">Managed heap with all watches open.</param>
/// <param name="WorkingSetBytes">Process working set with all watches open.</param>
public sealed record SandboxBenchmarkResult(
    int Writes,
    double WriteSeconds,
    double WriteCpuSeconds,
    double WriteLatencyP50Milliseconds,
    double WriteLatencyP99Milliseconds,
    int WatchesHeld,
    int WatchesComplete,
    int ChangesWhileWatching,
    long ManagedBytesBefore,
    long ManagedBytesWithWatches,
    long WorkingSetBytes)
{
    public double WritesPerSecond => WriteSeconds > 0 ? Writes / WriteSeconds : 0;

    /// <summary>Writes per second of processor time: independent of how busy the machine's other processes keep it.</summary>
    public double WritesPerCpuSecond => WriteCpuSeconds > 0 ? Writes / WriteCpuSeconds : 0;

    /// <summary>Extra managed memory per open watch (server and benchmark client share the process).</summary>
    public double BytesPerWatch => WatchesHeld > 0 ? (double)(ManagedBytesWithWatches - ManagedBytesBefore) / WatchesHeld : 0;

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"""
        writes:            {Writes} in {WriteSeconds:F2} s = {WritesPerSecond:F0} writes/s (p50 {WriteLatencyP50Milliseconds:F1} ms, p99 {WriteLatencyP99Milliseconds:F1} ms)
        cpu:               {WriteCpuSeconds:F2} s for server and client together = {WritesPerCpuSecond:F0} writes per CPU-second on {Environment.ProcessorCount} cores
        watches held:      {WatchesHeld} at once, {WatchesComplete} saw all {ChangesWhileWatching} changes
        memory:            managed {ManagedBytesBefore / 1048576.0:F1} MiB -> {ManagedBytesWithWatches / 1048576.0:F1} MiB with watches ({BytesPerWatch / 1024:F1} KiB/watch), working set {WorkingSetBytes / 1048576.0:F1} MiB
        """);
}
