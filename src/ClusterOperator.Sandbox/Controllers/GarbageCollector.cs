using ClusterOperator.Sandbox.Errors;
using ClusterOperator.Sandbox.Json;
using ClusterOperator.Sandbox.Server;
using ClusterOperator.Sandbox.Storage;
using Microsoft.Extensions.Logging;

namespace ClusterOperator.Sandbox.Controllers;

/// <summary>
/// Background garbage collection by ownerReference: when an owner is gone its dependents are deleted (or
/// lose the dangling reference if another owner remains); foreground deletion waits for dependents; pods
/// bound to a deleted node are removed, like the pod GC.
/// </summary>
internal sealed partial class GarbageCollector : StoreController
{
    private readonly ApiOperations _operations;
    private readonly ILogger _logger;

    public GarbageCollector(ApiOperations operations, ILogger logger)
        : base(operations, resource: null)
    {
        _operations = operations;
        _logger = logger;
    }

    protected override void Process(WatchMessageKind kind, StoredObject changed)
    {
        try
        {
            switch (kind)
            {
                case WatchMessageKind.Deleted:
                    CollectDependents(changed.Uid);
                    ReleaseForegroundOwners(changed);
                    if (IsNode(changed))
                    {
                        RemovePodsOfNode(changed.Name);
                    }

                    break;
                case WatchMessageKind.Added:
                    DeleteIfAllOwnersAbsent(changed);
                    break;
                case WatchMessageKind.Modified when changed.IsTerminating && HasForegroundFinalizer(changed):
                    CollectDependents(changed.Uid);
                    ReleaseIfNoDependents(changed);
                    break;
            }
        }
        catch (ApiException exception)
        {
            LogCollectionFailed(_logger, changed.Name, exception.Message);
        }
    }

    private static bool IsNode(StoredObject obj) => JsonNodes.GetString(obj.Object, "kind") == "Node";

    private static bool HasForegroundFinalizer(StoredObject obj) =>
        JsonNodes.GetArray(obj.Object, "metadata", "finalizers")?.Any(f => JsonNodes.ScalarText(f) == ApiOperations.ForegroundFinalizer) == true;

    private void CollectDependents(string ownerUid)
    {
        foreach (var (resource, dependent) in _operations.Store.Dependents(ownerUid))
        {
            DeleteIfAllOwnersAbsent(resource, dependent);
        }
    }

    private void DeleteIfAllOwnersAbsent(StoredObject obj)
    {
        if (obj.Metadata["ownerReferences"] is not null &&
            _operations.Store.FindByUid(obj.Uid) is { } located)
        {
            DeleteIfAllOwnersAbsent(located.Resource, located.Object);
        }
    }

    private void DeleteIfAllOwnersAbsent(GroupResource resource, StoredObject dependent)
    {
        var owners = JsonNodes.GetArray(dependent.Object, "metadata", "ownerReferences")?
            .Select(r => JsonNodes.GetString(r, "uid")).OfType<string>().ToList() ?? [];
        if (owners.Count == 0)
        {
            return;
        }

        var present = owners.Where(uid => _operations.Store.FindByUid(uid) is { } owner && !IsBeingDeletedInForeground(owner.Object))
            .ToHashSet(StringComparer.Ordinal);
        var absent = owners.Where(uid => _operations.Store.FindByUid(uid) is null).ToList();
        if (present.Count > 0)
        {
            if (absent.Count > 0)
            {
                _operations.Mutate(resource, dependent.Namespace, dependent.Name, null, copy =>
                {
                    var references = JsonNodes.GetArray(copy, "metadata", "ownerReferences");
                    var dangling = references?.Where(r => absent.Contains(JsonNodes.GetString(r, "uid") ?? string.Empty)).ToList() ?? [];
                    dangling.ForEach(r => references!.Remove(r));
                    return dangling.Count > 0;
                });
            }

            return;
        }

        if (dependent.IsTerminating && !HasForegroundFinalizer(dependent))
        {
            return;
        }

        var definition = _operations.Registry.StorageDefinition(resource);
        if (definition is not null)
        {
            _operations.Delete(definition, dependent.Namespace, dependent.Name,
                new DeleteRequest(PreconditionUid: dependent.Uid), _operations.SystemContext());
        }
    }

    private static bool IsBeingDeletedInForeground(StoredObject owner) => owner.IsTerminating && HasForegroundFinalizer(owner);

    private void ReleaseForegroundOwners(StoredObject removed)
    {
        foreach (var uid in JsonNodes.GetArray(removed.Object, "metadata", "ownerReferences")?
                     .Select(r => JsonNodes.GetString(r, "uid")).OfType<string>() ?? [])
        {
            if (_operations.Store.FindByUid(uid) is { } owner && IsBeingDeletedInForeground(owner.Object))
            {
                ReleaseIfNoDependents(owner.Object);
            }
        }
    }

    private void ReleaseIfNoDependents(StoredObject owner)
    {
        if (_operations.Store.Dependents(owner.Uid).Count > 0 || _operations.Store.FindByUid(owner.Uid) is not { } located)
        {
            return;
        }

        _operations.Mutate(located.Resource, owner.Namespace, owner.Name, null, copy =>
        {
            var finalizers = JsonNodes.GetArray(copy, "metadata", "finalizers");
            var foreground = finalizers?.FirstOrDefault(f => JsonNodes.ScalarText(f) == ApiOperations.ForegroundFinalizer);
            return foreground is not null && finalizers!.Remove(foreground);
        });
    }

    private void RemovePodsOfNode(string nodeName)
    {
        var pods = _operations.Registry.StorageDefinition(ApiOperations.Pods)!;
        var (items, _) = _operations.List(pods, null, pod => JsonNodes.GetString(pod, "spec", "nodeName") == nodeName);
        foreach (var pod in items)
        {
            _operations.Delete(pods, pod.Namespace, pod.Name, new DeleteRequest(GracePeriodSeconds: 0, PreconditionUid: pod.Uid),
                _operations.SystemContext());
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Garbage collection of {Name} failed: {Reason}")]
    private static partial void LogCollectionFailed(ILogger logger, string name, string reason);
}
