using ClusterOperator.Api.Model;
using ClusterOperator.Controllers;
using ClusterOperator.Controllers.TrainingRuns;
using k8s.Models;
using static ClusterOperator.Tests.Controllers.TestRuns;

namespace ClusterOperator.Tests.Controllers;

/// <summary>
/// Members of a rigid gang exit one by one. Found by the chaos soak: a member that exited 0 while its siblings were
/// lost with their node stayed behind, the scheduler never placed the gang again (it places a rigid gang only whole),
/// and the run was Pending for good.
/// </summary>
public sealed class GangMembersFinishingTests
{
    private static readonly SchedulingView Scheduling = new("alice", 8, "needs 12 GPUs, 0 free");

    private static GangDecision Decide(TrainingRun run, params V1Pod[] pods) =>
        GangLifecycle.Decide(run, pods, Scheduling, node => node == "lost-node", Now);

    private static string[] Names(IEnumerable<V1Pod> pods) => [.. pods.Select(p => p.Metadata.Name).Order(StringComparer.Ordinal)];

    [Fact]
    public void A_gang_whose_first_member_exited_zero_keeps_running_until_the_last_exits()
    {
        var run = Run(replicas: 3);

        var decision = Decide(run, Pod(run, 0).BoundTo("n1").Exited(0), Pod(run, 1).BoundTo("n2"), Pod(run, 2).BoundTo("n2"));

        Assert.Equal(TrainingRunPhase.Running, decision.Status.Phase);
        Assert.Empty(decision.DeletePods);
        Assert.Empty(decision.CreatePods);
    }

    [Fact]
    public void Members_lost_with_their_node_after_a_sibling_exited_zero_re_place_the_whole_gang_without_counting()
    {
        var run = Run(replicas: 3);

        var decision = Decide(run, Pod(run, 0).BoundTo("n1").Exited(0), Pod(run, 1).BoundTo("lost-node"), Pod(run, 2).BoundTo("lost-node"));

        Assert.Equal(["r-0", "r-1", "r-2"], Names(decision.DeletePods));
        Assert.Equal(TrainingRunPhase.Pending, decision.Status.Phase);
        Assert.Equal(0, decision.Status.Restarts);
    }

    [Fact]
    public void A_member_that_exited_zero_beside_replaced_unbound_siblings_is_replaced_too()
    {
        // The state the soak's runs were stuck in: the lost members were already deleted and created again.
        var run = Run(replicas: 3);

        var decision = Decide(run, Pod(run, 0).BoundTo("n1").Exited(0), Pod(run, 1), Pod(run, 2));

        Assert.Equal(["r-0"], Names(decision.DeletePods));
        Assert.Empty(decision.CreatePods);
        Assert.Equal(TrainingRunPhase.Pending, decision.Status.Phase);
        Assert.Equal(0, decision.Status.Restarts);
    }

    [Fact]
    public void Once_the_finished_member_is_gone_it_is_created_again_beside_its_waiting_siblings()
    {
        var run = Run(replicas: 3);

        var decision = Decide(run, Pod(run, 1), Pod(run, 2));

        Assert.Equal([0], decision.CreatePods);
        Assert.Empty(decision.DeletePods);
    }

    [Fact]
    public void A_member_that_exited_zero_while_its_siblings_are_evicted_is_replaced_with_them()
    {
        var run = Run(replicas: 3);

        var decision = Decide(run, Pod(run, 0).BoundTo("n1").Exited(0), Pod(run, 1).BoundTo("n2").Terminating(), Pod(run, 2).BoundTo("n2").Terminating());

        Assert.Equal(["r-0"], Names(decision.DeletePods));
        Assert.Equal(TrainingRunPhase.Pending, decision.Status.Phase);
    }
}
