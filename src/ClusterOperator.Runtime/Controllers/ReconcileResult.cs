namespace ClusterOperator.Runtime.Controllers;

/// <summary>
/// What a reconcile asks of the queue afterwards: nothing, a requeue with backoff (<see cref="Requeue"/>), or a
/// requeue after a fixed delay (<see cref="RequeueAfter"/>, which wins when both are set), for time-based rules.
/// </summary>
public readonly record struct ReconcileResult(bool Requeue = false, TimeSpan? RequeueAfter = null)
{
    public static ReconcileResult Done => default;

    public static ReconcileResult RequeueWithBackoff => new(Requeue: true);

    public static ReconcileResult After(TimeSpan delay) => new(RequeueAfter: delay);
}
