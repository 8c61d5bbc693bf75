using ClusterOperator.Observability;
using ClusterOperator.Scheduler;
using ClusterOperator.Scheduling;

namespace ClusterOperator.Tests.Observability;

public sealed class RoundFiguresBuilderTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Owners_past_the_cap_are_reported_together_as_other()
    {
        var figures = Figures(maxOwners: 2, shares: [("a", 6, 8), ("b", 4, 8), ("c", 1, 8), ("d", 1, 8)]);

        Assert.Equal(["a", "b", "other"], figures.Allocated.Keys.Order());
        Assert.Equal(2, figures.Allocated["other"]);
        Assert.Equal(16, figures.FairShare["other"]);
    }

    [Fact]
    public void Only_pending_work_within_its_owners_share_counts_towards_the_starvation_gauge()
    {
        var within = Workload("within", "a", gpus: 2, waited: TimeSpan.FromMinutes(3));
        var over = Workload("over", "b", gpus: 16, waited: TimeSpan.FromMinutes(40));
        var figures = Figures(maxOwners: 10, shares: [("a", 4, 8), ("b", 0, 8)], workloads: [within, over], waiting: ["within", "over"]);

        Assert.Equal(180, figures.WithinShareWaitMax);
        Assert.Equal(TimeSpan.FromMinutes(5).TotalSeconds + 60 + 5, figures.WaitBound);
        Assert.Equal(2, figures.PendingByReason["InsufficientGpus"]);
    }

    private static Workload Workload(string id, string owner, int gpus, TimeSpan waited) => new()
    {
        Id = id,
        Owner = owner,
        GpusPerReplica = gpus,
        SubmitTime = Now - waited,
    };

    private static RoundFigures Figures(int maxOwners, (string Owner, int Allocated, double Share)[] shares, Workload[]? workloads = null, string[]? waiting = null)
    {
        var snapshot = new ClusterSnapshot { Now = Now, Workloads = workloads ?? [], Nodes = [new Node { Name = "n", Gpus = 32, GpuType = "H100" }] };
        var plan = new SchedulingPlan
        {
            Binds = [],
            Evictions = [],
            Reservations = [],
            Resizes = [],
            Waiting = (waiting ?? []).ToDictionary(w => w, _ => new WaitingReason(WaitingCode.InsufficientGpus, "no room")),
            OwnerShares = [.. shares.Select(s => new OwnerShare(s.Owner, "H100", 1, s.Share, s.Share, s.Allocated))],
            WorkloadShares = new Dictionary<string, double>(),
            Errors = [],
        };
        var built = new BuiltSnapshot(snapshot, new Dictionary<string, TranslatedWorkload>());
        return RoundFiguresBuilder.Build(built, plan, new ClusterObjects([], [], [], [], _ => null), TimeSpan.FromSeconds(5), maxOwners);
    }
}
