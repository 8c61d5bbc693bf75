using ClusterOperator.Scheduling;

namespace ClusterOperator.Scheduling.Tests.Builders;

/// <summary>Entry points of the test builders, in the style of Kueue's <c>MakeWorkload("a").Obj()</c>.</summary>
public static class Make
{
    /// <summary>The instant every scenario is planned at.</summary>
    public static DateTimeOffset Now { get; } = new(2025, 1, 1, 12, 0, 0, TimeSpan.Zero);

    public static WorkloadBuilder Workload(string id) => new(id);

    public static NodeBuilder Node(string name, int gpus = 8) => new(name, gpus);

    public static TimeSpan Minutes(double minutes) => TimeSpan.FromMinutes(minutes);

    public static ClusterSnapshot Snapshot(IEnumerable<Node> nodes, IEnumerable<Workload> workloads, FairShareOptions? options = null) => new()
    {
        Now = Now,
        Nodes = [.. nodes],
        Workloads = [.. workloads],
        Options = options ?? new FairShareOptions(),
    };
}
