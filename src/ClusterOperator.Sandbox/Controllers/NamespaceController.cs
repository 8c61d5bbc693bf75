using System.Text.Json.Nodes;
using ClusterOperator.Sandbox.Errors;
using ClusterOperator.Sandbox.Json;
using ClusterOperator.Sandbox.Server;
using ClusterOperator.Sandbox.Storage;
using Microsoft.Extensions.Logging;

namespace ClusterOperator.Sandbox.Controllers;

/// <summary>
/// Namespace lifecycle: a new namespace gets its "default" service account; a terminating one has all its
/// content deleted (pods gracefully), and disappears once it is empty.
/// </summary>
internal sealed partial class NamespaceController : StoreController
{
    private static readonly GroupResource ServiceAccounts = new(string.Empty, "serviceaccounts");

    private readonly ApiOperations _operations;
    private readonly ILogger _logger;

    public NamespaceController(ApiOperations operations, ILogger logger)
        : base(operations, resource: null)
    {
        _operations = operations;
        _logger = logger;
    }

    protected override void Process(WatchMessageKind kind, StoredObject changed)
    {
        try
        {
            var isNamespace = JsonNodes.GetString(changed.Object, "kind") == "Namespace" && changed.Namespace.Length == 0;
            if (isNamespace && kind == WatchMessageKind.Added && !changed.IsTerminating)
            {
                EnsureDefaultServiceAccount(changed.Name);
            }
            else if (isNamespace && changed.IsTerminating && kind != WatchMessageKind.Deleted)
            {
                DeleteContents(changed.Name);
                _operations.TryFinalizeNamespace(changed.Name);
            }
            else if (!isNamespace && kind == WatchMessageKind.Deleted && changed.Namespace.Length > 0 &&
                     _operations.Store.Get(ApiOperations.Namespaces, string.Empty, changed.Namespace) is { IsTerminating: true })
            {
                _operations.TryFinalizeNamespace(changed.Namespace);
            }
        }
        catch (ApiException exception)
        {
            LogNamespaceWorkFailed(_logger, changed.Namespace.Length > 0 ? changed.Namespace : changed.Name, exception.Message);
        }
    }

    private void EnsureDefaultServiceAccount(string ns)
    {
        if (_operations.Store.Get(ServiceAccounts, ns, "default") is not null)
        {
            return;
        }

        var definition = _operations.Registry.StorageDefinition(ServiceAccounts)!;
        try
        {
            _operations.Create(definition, ns, new JsonObject
            {
                ["apiVersion"] = "v1",
                ["kind"] = "ServiceAccount",
                ["metadata"] = new JsonObject { ["name"] = "default" },
            }, _operations.SystemContext());
        }
        catch (ApiException exception) when (exception.Code is 409 or 403 or 404)
        {
            // Created concurrently, or the namespace is already going away.
        }
    }

    private void DeleteContents(string ns)
    {
        foreach (var (resource, item) in _operations.ContentsOf(ns))
        {
            if (item.IsTerminating)
            {
                continue;
            }

            var definition = _operations.Registry.StorageDefinition(resource);
            if (definition is null)
            {
                continue;
            }

            try
            {
                _operations.Delete(definition, ns, item.Name, new DeleteRequest(PreconditionUid: item.Uid), _operations.SystemContext());
            }
            catch (ApiException exception) when (exception.Code is 404 or 409)
            {
                // Already gone or replaced.
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Namespace work for {Namespace} failed: {Reason}")]
    private static partial void LogNamespaceWorkFailed(ILogger logger, string @namespace, string reason);
}
