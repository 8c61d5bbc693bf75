using ClusterOperator.Scheduling;
using ClusterOperator.Scheduling.Tests.Builders;

namespace ClusterOperator.Scheduling.Tests.Scenarios;

/// <summary>One row of the declarative table: nodes, workloads and every decision expected (see <see cref="PlanSummary"/>).</summary>
public sealed record Scenario(string Name, Node[] Nodes, Workload[] Workloads, string[] Expect)
{
    public Reservation[] Reservations { get; init; } = [];

    public Action<FairShareOptions>? Configure { get; init; }

    public SchedulingPolicy Policy { get; init; } = SchedulingPolicy.FairShare;

    public Dictionary<string, double> Usage { get; init; } = [];

    public ClusterSnapshot Snapshot()
    {
        var options = new FairShareOptions();
        Configure?.Invoke(options);
        return new ClusterSnapshot
        {
            Now = Make.Now,
            Nodes = Nodes,
            Workloads = Workloads,
            Reservations = Reservations,
            Options = options,
            Policy = Policy,
            OwnerUsage = Usage,
        };
    }
}
