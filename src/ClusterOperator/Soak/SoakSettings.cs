using System.Globalization;

namespace ClusterOperator.Soak;

/// <summary>
/// The operator settings the soak runs with, and the within-share wait bound it holds the operator to.
/// </summary>
/// <remarks>
/// <para>
/// <b>Within-share wait bound.</b> A run is <i>within share</i> when, at its creation, the full size of its
/// owner's other unfinished runs (gangs and ideas at all their pods, elastic runs at their maximum, since they grow
/// into free GPUs) plus its own start GPUs (gang: all replicas; elastic: the minimum; idea: every variant) fit in
/// an equal split, over all owners of the plan, of the GPUs of the nodes that stayed ready throughout its wait. With equal weights an owner's fair share is never below that split, so
/// the operator promises such a run its start within
/// </para>
/// <para>
/// <c>MinRuntime + grace + 2 × PlanInterval + StartAllowance + leader kills during the wait × (LeaseDuration + ReplicaStartAllowance)</c>:
/// victims may first finish their minimum runtime, then stop within their grace period; a plan round follows; the
/// start allowance covers pod creation, binding and start under 10% injected API errors; each killed leader costs
/// a lease expiry and a new process. A node outage during the wait shrinks the split by that node and adds its
/// overlap with the wait plus <c>NodeLostAfter</c> to the bound: that long the node's GPUs were unusable or unknown.
/// </para>
/// <para>The wait is measured from the run's creation to the moment its start pods were all bound at once.</para>
/// </remarks>
internal static class SoakSettings
{
    public const string LeaseName = "clusteroperator-leader";

    public static readonly TimeSpan MinRuntime = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan PlanInterval = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan LeaseDuration = TimeSpan.FromSeconds(4);
    public static readonly TimeSpan NodeLostAfter = TimeSpan.FromSeconds(5);
    public static readonly TimeSpan StartAllowance = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan ReplicaStartAllowance = TimeSpan.FromSeconds(15);

    /// <summary>The bound for a wait during which <paramref name="leaderKills"/> leaders were killed.</summary>
    public static TimeSpan WithinShareWaitBound(int leaderKills) =>
        MinRuntime + TimeSpan.FromSeconds(PlannedRun.GracePeriodSeconds) + 2 * PlanInterval + StartAllowance
        + leaderKills * (LeaseDuration + ReplicaStartAllowance);

    /// <summary>The arguments of <c>clusteroperator run</c> for one replica (its identity is added per start).</summary>
    public static IReadOnlyList<string> OperatorArguments(string kubeconfig) =>
    [
        "run",
        "--kubeconfig", kubeconfig,
        "--Metrics:Url=http://127.0.0.1:0",
        "--Operator:OperatorNamespace=" + PlannedRun.Namespace,
        "--Operator:PlanInterval=" + Seconds(PlanInterval),
        "--Operator:NodeLostAfter=" + Seconds(NodeLostAfter),
        "--FairShare:MinRuntime=" + Seconds(MinRuntime),
        "--LeaderElection:LeaseDuration=" + Seconds(LeaseDuration),
        "--LeaderElection:RenewDeadline=3s",
        "--LeaderElection:RetryPeriod=500ms",
    ];

    private static string Seconds(TimeSpan value) => value.TotalSeconds.ToString(CultureInfo.InvariantCulture) + "s";
}
