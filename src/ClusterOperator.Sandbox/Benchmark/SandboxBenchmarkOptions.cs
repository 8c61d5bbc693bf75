namespace ClusterOperator.Sandbox.Benchmark;

/// <summary>How hard the sandbox benchmark pushes; the defaults take about half a minute on two cores.</summary>
public sealed class SandboxBenchmarkOptions
{
    /// <summary>Objects written (each a create and an update, so twice this many writes). Default 10,000.</summary>
    public int Objects { get; set; } = 10_000;

    /// <summary>Concurrent writers. Default 32.</summary>
    public int Writers { get; set; } = 32;

    /// <summary>Watches opened and held at once. Default 250.</summary>
    public int Watches { get; set; } = 250;

    /// <summary>Changes made while the watches are open; every watch must see all of them. Default 50.</summary>
    public int ChangesWhileWatching { get; set; } = 50;
}
