using Xunit;
using static ClusterOperator.Scheduling.Tests.Builders.Make;

namespace ClusterOperator.Scheduling.Tests;

/// <summary>Every waiting workload gets a code and a sentence with numbers.</summary>
public sealed class WaitingReasonTests
{
    [Fact]
    public void Reclaiming_names_the_victim_owner_its_excess_and_the_expected_time()
    {
        var plan = Scheduler.Plan(Snapshot([Node("n1").Obj()], [Workload("alice/big").Gpus(8).RunningOn("n1").Obj(), Workload("bob/small").Gpus(4).Obj()]));

        Assert.Equal(new WaitingReason(WaitingCode.Reclaiming, "needs 4 GPUs, 0 free; reclaiming 8 from owner alice (over share by 4) — expected within 1m"), plan.Waiting["bob/small"]);
        var eviction = Assert.Single(plan.Evictions);
        Assert.Equal("preempted: reclaimed for bob/small of owner bob, which is within its fair share; owner alice held 8 GPUs against a fair share of 4", eviction.Message);
        Assert.Equal(("bob/small", "bob", TimeSpan.FromSeconds(60), ReclaimReason.WithinShare), (eviction.BeneficiaryId, eviction.BeneficiaryOwner, eviction.GracePeriod, eviction.Reason));
    }

    [Fact]
    public void Protected_victims_are_waited_for_with_the_time_left()
    {
        var plan = Scheduler.Plan(Snapshot([Node("n1").Obj()], [Workload("alice/big").Gpus(8).RunningOn("n1").StartedAgo(Minutes(2)).Grace(TimeSpan.FromSeconds(30)).Obj(), Workload("bob/small").Gpus(4).Obj()]));

        Assert.Equal("needs 4 GPUs, 0 free; waiting for 8 from owner alice, protected by MinRuntime for 3m — expected within 3m30s", plan.Waiting["bob/small"].Message);
        Assert.Equal(Now + Minutes(3.5), plan.Reservations.Single().ExpectedBy);
    }

    [Fact]
    public void Over_share_work_says_whose_share_it_exceeds()
    {
        var plan = Scheduler.Plan(Snapshot([Node("n1").Obj()], [Workload("alice/a").Gpus(6).RunningOn("n1").Obj(), Workload("alice/b").Gpus(4).Obj(), Workload("bob/b").Gpus(2).RunningOn("n1").Obj()]));

        Assert.Equal(new WaitingReason(WaitingCode.OverShare, "needs 4 GPUs, 0 free; owner alice holds 6 GPUs against a fair share of 6, so it runs only on free GPUs"), plan.Waiting["alice/b"]);
    }

    [Fact]
    public void A_large_run_is_told_when_starvation_protection_starts()
    {
        var plan = Scheduler.Plan(Snapshot([Node("n1").Obj(), Node("n2").Obj()], [Workload("bob/b").Gpus(8).RunningOn("n1").Obj(), Workload("alice/L").Replicas(2).Gpus(8).PendingFor(Minutes(12)).Obj()]));

        Assert.Equal(
            "needs 16 GPUs (2 pods × 8), 8 free; owner alice holds 0 GPUs against a fair share of 8, so it runs only on free GPUs; being bigger than that share, it gets nodes reserved once it has waited 30m (12m so far)",
            plan.Waiting["alice/L"].Message);
    }

    [Fact]
    public void A_starvation_reservation_says_what_it_waits_for()
    {
        var plan = Scheduler.Plan(Snapshot([Node("n1").Obj(), Node("n2").Obj()], [Workload("bob/b").Gpus(8).RunningOn("n1").Obj(), Workload("alice/L").Replicas(2).Gpus(8).PendingFor(Minutes(31)).Obj()]));

        Assert.Equal(
            new WaitingReason(WaitingCode.StarvationReserved, "waited 31m, past the 30m starvation threshold; holding 16 GPUs on 2 nodes; waiting for 8 GPUs of running work to finish"),
            plan.Waiting["alice/L"]);
        Assert.Null(plan.Reservations.Single().ExpectedBy);
    }

    [Fact]
    public void Unschedulable_work_says_why()
    {
        var plan = Scheduler.Plan(Snapshot([Node("n1").Type("T4").Obj()], [Workload("alice/a").GpuType("H100").Obj(), Workload("alice/g").Replicas(2).Gpus(8).Obj()]));

        Assert.Equal("no ready, schedulable node matches its node selector, affinity, tolerations and GPU type H100", plan.Waiting["alice/a"].Message);
        Assert.Equal("no node set can ever hold it: it needs 2 pods × 8 GPUs, and the 1 matching ready nodes hold at most 1 such pods in one GPU type", plan.Waiting["alice/g"].Message);
    }

    [Fact]
    public void Terminating_and_incomplete_gangs_say_so()
    {
        var plan = Scheduler.Plan(Snapshot(
            [Node("n1").Obj(), Node("n2", 4).Obj()],
            [Workload("alice/t").Gpus(8).RunningOn("n1").Terminating().Obj(), Workload("bob/g").Replicas(2).Gpus(4).Pod(0, "n2").Obj()]));

        Assert.Equal(new WaitingReason(WaitingCode.Terminating, "waiting for 1 pod of its previous attempt to terminate"), plan.Waiting["alice/t"]);
        Assert.Equal("1 of 2 replicas running; needs 4 GPUs, 0 free; owner bob holds 4 GPUs against a fair share of 6, so it runs only on free GPUs", plan.Waiting["bob/g"].Message);
    }

    [Fact]
    public void Within_share_work_without_reclaimable_GPUs_says_so()
    {
        // Alice is at her share, and her gang spans both nodes, so it cannot move to defragment the free GPUs.
        var plan = Scheduler.Plan(Snapshot([Node("n1", 4).Obj(), Node("n2", 4).Obj()], [Workload("alice/a").Replicas(2).Gpus(3).RunningOn("n1", "n2").Obj(), Workload("bob/b").Gpus(2).Obj()]));

        Assert.Equal("needs 2 GPUs, 2 free; within owner bob's fair share (0 + 2 ≤ 2 GPUs) but no borrowed GPUs can be reclaimed on matching nodes", plan.Waiting["bob/b"].Message);
    }
}
