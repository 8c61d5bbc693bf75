using System.Text.Json;
using ClusterOperator.Scheduling.Tests.Builders;
using ClusterOperator.Scheduling.Tests.Properties;
using CsCheck;

namespace ClusterOperator.Scheduling.Tests.Fuzz;

/// <summary>
/// Plan fed hostile snapshots: it answers every one without throwing, reports what is wrong in Errors, and what is
/// wrong never changes the decisions about everything else.
/// </summary>
public sealed class PlanFuzzTests
{
    /// <summary>Cases per property; set CsCheck_Iter to search harder locally.</summary>
    private static readonly long Iterations = PropertySettings.Iterations * 25L;

    [Fact]
    public void Plan_answers_any_snapshot_without_throwing_and_binds_only_what_exists()
    {
        HostileSnapshots.Anything.Sample(snapshot =>
        {
            var plan = Scheduler.Plan(snapshot);

            foreach (var bind in plan.Binds)
            {
                Assert.Contains(snapshot.Workloads, w => w.Id == bind.WorkloadId);
                Assert.Contains(snapshot.Nodes, n => n.Name == bind.Node && n.Ready && n.Schedulable);
            }

            Assert.All(plan.Evictions, e => Assert.Contains(snapshot.Workloads, w => w.Id == e.WorkloadId));
            Assert.All(plan.Errors, e => Assert.False(string.IsNullOrWhiteSpace(e.Message)));
        }, iter: Iterations);
    }

    [Fact]
    public void Invalid_workloads_and_nodes_added_to_a_live_cluster_change_nothing_but_the_errors()
    {
        Gen.Select(Generators.Mixed(), PropertySettings.AnyPolicy, HostileSnapshots.InvalidWorkloads, HostileSnapshots.InvalidNodes)
            .Sample((spec, policy, workloads, nodes) =>
            {
                PropertySettings.Simulate(spec, policy, 12, (snapshot, plan) =>
                {
                    var polluted = Scheduler.Plan(snapshot with
                    {
                        Workloads = [.. workloads, .. snapshot.Workloads],
                        Nodes = [.. snapshot.Nodes, .. nodes],
                    });

                    Assert.Equal(workloads.Length + nodes.Length, polluted.Errors.Count - plan.Errors.Count);
                    Assert.Equal(Decisions(plan), Decisions(polluted));
                    Invariants.NoNodeOverAllocated(snapshot, polluted);
                    Invariants.GangsIntact(snapshot, polluted);
                });
            }, iter: PropertySettings.Iterations);
    }

    [Fact]
    public void Hostile_options_and_usage_are_reported_and_planned_as_the_defaults()
    {
        Gen.Select(Generators.Mixed(), HostileSnapshots.Options, HostileSnapshots.Number)
            .Sample((spec, hostile, usage) =>
            {
                var defaults = new FairShareOptions();
                PropertySettings.Simulate(spec, SchedulingPolicy.FairShare, 8, (snapshot, _) =>
                {
                    var sane = snapshot with { Options = defaults, OwnerUsage = new Dictionary<string, double>() };
                    var plan = Scheduler.Plan(sane);
                    var bad = Scheduler.Plan(sane with { Options = Invalidated(hostile), OwnerUsage = new Dictionary<string, double> { ["alice"] = Negated(usage) } });

                    Assert.NotEmpty(bad.Errors);
                    Assert.Equal(Decisions(plan), Decisions(bad));
                    Invariants.NoNodeOverAllocated(sane, bad);
                });
            }, iter: PropertySettings.Iterations);
    }

    [Fact]
    public void A_node_reporting_absurd_GPUs_does_not_stop_planning()
    {
        var plan = Scheduler.Plan(Make.Snapshot([Make.Node("broken", int.MaxValue).Obj(), Make.Node("n1").Obj()], [Make.Workload("alice/a").Gpus(4).Obj()]));

        Assert.Single(plan.Binds, b => b.WorkloadId == "alice/a");
    }

    [Fact]
    public void A_gang_of_a_million_zero_GPU_pods_is_reported_not_bound()
    {
        var plan = Scheduler.Plan(Make.Snapshot([Make.Node("n1").Obj()], [Make.Workload("alice/a").Replicas(1 << 20).Gpus(0).Obj()]));

        Assert.Contains(plan.Errors, e => e.Subject == "workload alice/a");
        Assert.Empty(plan.Binds);
    }

    public static TheoryData<string, TimeSpan, DateTimeOffset> FarTimes => new()
    {
        { "MinRuntime at its maximum", TimeSpan.MaxValue, Make.Now },
        { "a start time at the end of the calendar", TimeSpan.FromMinutes(5), DateTimeOffset.MaxValue },
    };

    [Theory]
    [MemberData(nameof(FarTimes))]
    public void Times_at_the_ends_of_their_range_do_not_overflow(string what, TimeSpan minRuntime, DateTimeOffset start)
    {
        var running = Make.Workload("alice/a").Gpus(8).Pod(0, "n1").Obj() with { StartTime = start };
        var snapshot = Make.Snapshot([Make.Node("n1").Obj()], [running, Make.Workload("bob/b").Gpus(8).Obj()], new FairShareOptions { MinRuntime = minRuntime });

        var plan = Scheduler.Plan(snapshot);

        Assert.True(plan.Waiting.ContainsKey("bob/b"), what);
        Assert.Empty(plan.Binds);
    }

    /// <summary>The plan without its errors, as text: equal decisions give equal text.</summary>
    private static string Decisions(SchedulingPlan plan) => JsonSerializer.Serialize(plan with { Errors = [] });

    /// <summary>
    /// Keeps the values of <paramref name="options"/> the core must refuse (negative, NaN, below 1) and sets the others
    /// to the defaults, so a correct core plans exactly as with the defaults.
    /// </summary>
    private static FairShareOptions Invalidated(FairShareOptions options)
    {
        var defaults = new FairShareOptions();
        var result = new FairShareOptions
        {
            UsageHalfLife = options.UsageHalfLife < TimeSpan.Zero ? options.UsageHalfLife : defaults.UsageHalfLife,
            MinRuntime = options.MinRuntime < TimeSpan.Zero ? options.MinRuntime : defaults.MinRuntime,
            DefaultGracePeriod = options.DefaultGracePeriod < TimeSpan.Zero ? options.DefaultGracePeriod : defaults.DefaultGracePeriod,
            StarvationThreshold = options.StarvationThreshold < TimeSpan.Zero ? options.StarvationThreshold : defaults.StarvationThreshold,
            IdeaGuaranteeGpus = options.IdeaGuaranteeGpus < 0 ? options.IdeaGuaranteeGpus : defaults.IdeaGuaranteeGpus,
            IdeaMaxGpus = options.IdeaMaxGpus < 0 ? options.IdeaMaxGpus : defaults.IdeaMaxGpus,
            ReclaimHysteresis = double.IsFinite(options.ReclaimHysteresis) && options.ReclaimHysteresis >= 1 ? double.NaN : options.ReclaimHysteresis,
        };
        foreach (var (owner, weight) in options.Weights)
        {
            result.Weights[owner] = double.IsFinite(weight) && weight > 0 ? -weight : weight;
        }

        return result;
    }

    /// <summary>A usage figure the core must refuse: negative or not a finite number.</summary>
    private static double Negated(double usage) => double.IsFinite(usage) && usage >= 0 ? -1 - usage : usage;
}
