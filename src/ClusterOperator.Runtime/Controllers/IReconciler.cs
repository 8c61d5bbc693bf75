namespace ClusterOperator.Runtime.Controllers;

/// <summary>
/// Level-based reconciliation: given only a key, read current state and move the world one step towards the
/// desired state. It may run many times for one change, so it must be idempotent.
/// Throwing requeues the key with backoff; throwing <see cref="TerminalReconcileException"/> does not.
/// </summary>
public interface IReconciler
{
    Task<ReconcileResult> ReconcileAsync(ObjectKey key, CancellationToken cancellationToken);
}
