using ClusterOperator.Api.Model;
using ClusterOperator.Controllers;
using ClusterOperator.Controllers.TrainingRuns;
using k8s.Models;
using static ClusterOperator.Tests.Controllers.TestRuns;

namespace ClusterOperator.Tests.Controllers;

public sealed class GangLifecycleTests
{
    private static readonly SchedulingView Scheduling = new("alice", 8, "needs 8 GPUs, 0 free");

    private static GangDecision Decide(TrainingRun run, params V1Pod[] pods) =>
        GangLifecycle.Decide(run, pods, Scheduling, node => node == "lost-node", Now);

    [Fact]
    public void A_new_run_creates_every_pod_unbound_and_waits_with_the_schedulers_reason()
    {
        var decision = Decide(Run(replicas: 3));

        Assert.Equal([0, 1, 2], decision.CreatePods);
        Assert.Equal(TrainingRunPhase.Pending, decision.Status.Phase);
        Assert.Equal("needs 8 GPUs, 0 free", decision.Status.WaitingReason);
        Assert.Equal("alice", decision.Status.Owner);
        Assert.Equal(8, decision.Status.OwnerFairShareGpus);
    }

    [Fact]
    public void A_preempted_pod_that_exits_143_while_terminating_is_not_a_failure()
    {
        var run = Run().WithStatus(s => s.Restarts = 0);

        var decision = Decide(run, Pod(run, 0).BoundTo("n1").Exited(143).Terminating(), Pod(run, 1).BoundTo("n2").Terminating());

        Assert.Equal(TrainingRunPhase.Pending, decision.Status.Phase);
        Assert.Equal(0, decision.Status.Restarts);
        Assert.Empty(decision.CreatePods);
    }

    [Fact]
    public void A_fully_bound_gang_is_running_and_reports_its_gpus()
    {
        var run = Run();
        var decision = Decide(run, Pod(run, 0).BoundTo("n1"), Pod(run, 1).BoundTo("n2"));

        Assert.Equal(TrainingRunPhase.Running, decision.Status.Phase);
        Assert.Equal(2, decision.Status.Replicas);
        Assert.Equal(8, decision.Status.AllocatedGpus);
        Assert.Null(decision.Status.WaitingReason);
        Assert.Equal(Now.UtcDateTime, decision.Status.StartTime);
        Assert.True(ConditionList.IsTrue(decision.Status.Conditions, ConditionTypes.Scheduled));
        Assert.True(ConditionList.IsTrue(decision.Status.Conditions, ConditionTypes.Running));
        Assert.Empty(decision.CreatePods);
        Assert.Empty(decision.DeletePods);
    }

    [Fact]
    public void A_partly_bound_gang_is_pending_and_left_for_the_scheduler_to_complete()
    {
        var run = Run();
        var decision = Decide(run, Pod(run, 0).BoundTo("n1"), Pod(run, 1));

        Assert.Equal(TrainingRunPhase.Pending, decision.Status.Phase);
        Assert.Empty(decision.DeletePods);
        Assert.Empty(decision.CreatePods);
    }

    [Fact]
    public void A_failed_pod_restarts_the_whole_gang_and_counts_once()
    {
        var run = Run();
        var decision = Decide(run, Pod(run, 0).Exited(1), Pod(run, 1).BoundTo("n2"));

        Assert.Equal(1, decision.Status.Restarts);
        Assert.Equal(TrainingRunPhase.Pending, decision.Status.Phase);
        Assert.Equal(["r-0", "r-1"], decision.DeletePods.Select(p => p.Metadata.Name));

        // The same observation reconciled again after the restart was recorded counts nothing more.
        run.Status = decision.Status;
        var again = Decide(run, Pod(run.WithStatus(s => s.Restarts = 0), 0).Exited(1), Pod(run, 1).BoundTo("n2"));
        Assert.Equal(1, again.Status.Restarts);
    }

    [Fact]
    public void Pods_of_an_old_attempt_are_deleted_and_recreated_only_once_gone()
    {
        var run = Run().WithStatus(s => s.Restarts = 0);
        var old0 = Pod(run, 0).Exited(1);
        var old1 = Pod(run, 1).BoundTo("n2").Terminating();
        run.Status!.Restarts = 1;

        var decision = Decide(run, old0, old1);

        Assert.Equal(["r-0"], decision.DeletePods.Select(p => p.Metadata.Name));
        Assert.Empty(decision.CreatePods);
        Assert.Equal(1, decision.Status.Restarts);
        Assert.Equal([0, 1], Decide(run).CreatePods);
    }

    [Fact]
    public void Past_the_backoff_limit_the_run_fails_with_the_pods_exit_code()
    {
        var run = Run().WithStatus(s => s.Restarts = 3);
        var decision = Decide(run, Pod(run, 0).Exited(137), Pod(run, 1).BoundTo("n2"));

        Assert.Equal(TrainingRunPhase.Failed, decision.Status.Phase);
        var finished = decision.Status.Conditions!.Single(c => c.Type == ConditionTypes.Finished);
        Assert.Equal("BackoffLimitExceeded", finished.Reason);
        Assert.Contains("exit code 137", finished.Message, StringComparison.Ordinal);
        Assert.Equal(["r-1"], decision.DeletePods.Select(p => p.Metadata.Name));
    }

    [Fact]
    public void Every_pod_exiting_zero_makes_the_run_succeed()
    {
        var run = Run().WithStatus(s => s.AllocatedGpus = 8);
        var decision = Decide(run, Pod(run, 0).BoundTo("n1").Exited(0), Pod(run, 1).BoundTo("n2").Exited(0));

        Assert.Equal(TrainingRunPhase.Succeeded, decision.Status.Phase);
        Assert.Equal(Now.UtcDateTime, decision.Status.CompletionTime);
        Assert.Equal(0, decision.Status.AllocatedGpus);
    }

    [Fact]
    public void A_pod_lost_with_its_node_re_places_the_whole_gang_without_counting_a_restart()
    {
        var run = Run();
        var decision = Decide(run, Pod(run, 0).BoundTo("lost-node"), Pod(run, 1).BoundTo("n2"));

        Assert.Equal(0, decision.Status.Restarts);
        Assert.Equal(["r-0", "r-1"], decision.DeletePods.Select(p => p.Metadata.Name).Order());
        Assert.Equal(TrainingRunPhase.Pending, decision.Status.Phase);
    }

    [Fact]
    public void A_pod_the_kubelet_rejected_for_lack_of_gpus_is_replaced_without_counting()
    {
        var run = Run();
        var decision = Decide(run, Pod(run, 0).Rejected(), Pod(run, 1).BoundTo("n2"));

        Assert.Equal(0, decision.Status.Restarts);
        Assert.Contains(decision.DeletePods, p => p.Metadata.Name == "r-0");
        Assert.NotEqual(TrainingRunPhase.Failed, decision.Status.Phase);
    }

    [Fact]
    public void Max_runtime_exceeded_fails_the_run_and_stops_its_pods()
    {
        var run = Run().WithStatus(s => s.StartTime = Now.AddHours(-3).UtcDateTime);
        run.Spec.MaxRuntime = "2h";

        var decision = Decide(run, Pod(run, 0).BoundTo("n1"), Pod(run, 1).BoundTo("n2"));

        Assert.Equal(TrainingRunPhase.Failed, decision.Status.Phase);
        Assert.Equal("MaxRuntimeExceeded", decision.Status.Conditions!.Single(c => c.Type == ConditionTypes.Finished).Reason);
        Assert.Equal(2, decision.DeletePods.Count);
    }

    [Fact]
    public void A_running_run_with_max_runtime_asks_to_be_looked_at_when_it_expires()
    {
        var run = Run().WithStatus(s => s.StartTime = Now.AddMinutes(-90).UtcDateTime);
        run.Spec.MaxRuntime = "2h";

        var decision = Decide(run, Pod(run, 0).BoundTo("n1"), Pod(run, 1).BoundTo("n2"));

        Assert.Equal(TimeSpan.FromMinutes(30), decision.RequeueAfter);
    }

    [Fact]
    public void A_finished_run_is_deleted_once_its_ttl_has_passed()
    {
        var run = Run().WithStatus(s =>
        {
            s.Phase = TrainingRunPhase.Succeeded;
            s.CompletionTime = Now.AddMinutes(-10).UtcDateTime;
        });
        run.Spec.TtlSecondsAfterFinished = 300;

        Assert.True(Decide(run).DeleteRun);

        run.Spec.TtlSecondsAfterFinished = 3600;
        var early = Decide(run);
        Assert.False(early.DeleteRun);
        Assert.Equal(TimeSpan.FromMinutes(50), early.RequeueAfter);
    }

    [Fact]
    public void A_preempted_run_waiting_again_carries_a_preempted_condition_naming_the_beneficiary()
    {
        var run = Run().WithStatus(s => s.LastPreemption = new PreemptionRecord
        {
            Reason = "FairShareReclaim",
            Beneficiary = "bob/lab/small",
            Message = "GPUs reclaimed for bob/lab/small.",
        });

        var decision = Decide(run);
        var preempted = decision.Status.Conditions!.Single(c => c.Type == ConditionTypes.Preempted);

        Assert.Equal("True", preempted.Status);
        Assert.Contains("bob", preempted.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_elastic_run_runs_at_its_minimum_and_keeps_pods_ready_to_grow()
    {
        var run = Run(replicas: 1, gpus: 1);
        run.Spec.Elastic = new ElasticSpec { MinReplicas = 2, MaxReplicas = 4 };

        var decision = Decide(run, Pod(run, 0).BoundTo("n1"), Pod(run, 1).BoundTo("n1"));

        Assert.Equal(TrainingRunPhase.Running, decision.Status.Phase);
        Assert.Equal([2, 3], decision.CreatePods);
        Assert.Equal(2, decision.Status.Replicas);
    }

    [Fact]
    public void An_elastic_run_succeeds_when_the_replicas_that_ran_are_done()
    {
        var run = Run(replicas: 1, gpus: 1);
        run.Spec.Elastic = new ElasticSpec { MinReplicas = 1, MaxReplicas = 3 };

        var decision = Decide(run, Pod(run, 0).BoundTo("n1").Exited(0), Pod(run, 1), Pod(run, 2));

        Assert.Equal(TrainingRunPhase.Succeeded, decision.Status.Phase);
        Assert.Equal(["r-1", "r-2"], decision.DeletePods.Select(p => p.Metadata.Name));
    }
}
