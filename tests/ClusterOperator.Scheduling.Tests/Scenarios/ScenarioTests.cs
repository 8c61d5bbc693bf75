using ClusterOperator.Scheduling.Tests.Builders;
using Xunit;

namespace ClusterOperator.Scheduling.Tests.Scenarios;

/// <summary>Runs every row of the scenario table: the plan's decisions must be exactly the expected ones.</summary>
public sealed class ScenarioTests
{
    private static readonly Dictionary<string, Scenario> Table = ImmediateScenarios.All
        .Concat(ReclaimScenarios.All)
        .Concat(IdeaScenarios.All)
        .Concat(GangScenarios.All)
        .Concat(StarvationScenarios.All)
        .ToDictionary(s => s.Name);

    public static TheoryData<string> Names => [.. Table.Keys];

    [Theory]
    [MemberData(nameof(Names))]
    public void Scenario_plans_exactly_the_expected_decisions(string name)
    {
        var scenario = Table[name];

        var plan = Scheduler.Plan(scenario.Snapshot());

        Assert.Empty(plan.Errors);
        Assert.Equal(scenario.Expect.Order(StringComparer.Ordinal), PlanSummary.Lines(plan));
    }
}
