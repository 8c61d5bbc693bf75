using System.Text.Json;
using ClusterOperator.Api.Validation;
using ClusterOperator.Controllers;
using ClusterOperator.Runtime;
using ClusterOperator.Runtime.Caching;
using ClusterOperator.Runtime.Controllers;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace ClusterOperator.Operator;

/// <summary>
/// The skeleton both reconcilers share: read the object from the cache, leave deleted ones to the garbage collector,
/// mark a spec the validator rejects with an InvalidSpec condition and stop there, and otherwise let the kind decide
/// and write. A kind supplies its owner, its validator's verdict, how to mark its status, and the valid path.
/// </summary>
internal abstract partial class SpecReconciler<T>(
    ObjectCache<T> cache,
    OperatorApi api,
    string plural,
    Func<T, string> owner,
    Func<T, IReadOnlyList<FieldError>> errorsOf,
    TimeProvider time,
    ILogger logger) : IReconciler
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    protected OperatorApi Api => api;

    public async Task<ReconcileResult> ReconcileAsync(ObjectKey key, CancellationToken cancellationToken)
    {
        var obj = cache.Get(key);
        if (obj is null || obj.Metadata.DeletionTimestamp is not null)
        {
            return ReconcileResult.Done;
        }

        using var scope = logger.BeginScope(new Dictionary<string, object> { [obj.Kind] = key.ToString(), ["owner"] = owner(obj) });
        var now = time.GetUtcNow();
        var errors = errorsOf(obj);
        if (errors.Count > 0)
        {
            LogInvalid(logger, obj.Kind, key, errors.Count);
            var message = InvalidSpec.Message(errors);
            await api.UpdateStatusAsync(obj, plural, o => MarkInvalid(o, message, now), cancellationToken);
            return ReconcileResult.Done;
        }

        var after = await ReconcileValidAsync(obj, now, cancellationToken);
        return after is { } delay ? ReconcileResult.After(delay > TimeSpan.Zero ? delay : TimeSpan.FromSeconds(1)) : ReconcileResult.Done;
    }

    /// <summary>Sets the <see cref="InvalidSpec"/> mark on the object's status; false when it is already there.</summary>
    protected abstract bool MarkInvalid(T obj, string message, DateTimeOffset now);

    /// <summary>Decides and writes for a valid spec; returns when a time-based rule next needs a look.</summary>
    protected abstract Task<TimeSpan?> ReconcileValidAsync(T obj, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>
    /// Deletes pods: those on a lost node at once, because their kubelet cannot confirm a graceful stop and a pod's
    /// name stays taken, so its replacement waits, until it is gone; the rest with their own grace period.
    /// </summary>
    protected IEnumerable<Task> DeletePods(IReadOnlyList<V1Pod> decided, IReadOnlyList<V1Pod> all, Func<string, bool> nodeIsLost, CancellationToken ct)
    {
        var lost = all.Where(p => PodFacts.IsOnLostNode(p, nodeIsLost)).ToList();
        return lost.Select(pod => api.DeletePodAsync(pod, 0, ct))
            .Concat(decided.Where(p => !lost.Any(l => l.Metadata.Uid == p.Metadata.Uid)).Select(pod => api.DeletePodAsync(pod, null, ct)));
    }

    /// <summary>True when the two statuses differ as the API server would store them.</summary>
    protected static bool Differs<TStatus>(TStatus current, TStatus next) =>
        JsonSerializer.Serialize(next, KubernetesJsonOptions.Value) != JsonSerializer.Serialize(current, KubernetesJsonOptions.Value);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Kind} {Key} has {Count} spec errors; marked InvalidSpec")]
    private static partial void LogInvalid(ILogger logger, string kind, ObjectKey key, int count);
}
