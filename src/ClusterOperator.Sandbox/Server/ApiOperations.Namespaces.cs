using System.Text.Json.Nodes;
using ClusterOperator.Sandbox.Json;
using ClusterOperator.Sandbox.Storage;

namespace ClusterOperator.Sandbox.Server;

internal sealed partial class ApiOperations
{
    public static readonly GroupResource Namespaces = new(string.Empty, "namespaces");

    /// <summary>Every stored object in the namespace, across all namespaced resources.</summary>
    public IReadOnlyList<(GroupResource Resource, StoredObject Object)> ContentsOf(string ns) =>
        _store.Write(tx => tx.Resources.ToList()
            .Where(resource => resource != Namespaces)
            .SelectMany(resource => tx.List(resource, ns).Select(item => (resource, item)))
            .ToList());

    /// <summary>Removes a terminating namespace once nothing is left in it; returns whether it is gone.</summary>
    public bool TryFinalizeNamespace(string ns) =>
        _store.Write(tx =>
        {
            var current = tx.Get(Namespaces, string.Empty, ns);
            if (current is null)
            {
                return true;
            }

            if (!current.IsTerminating || Finalizers(current.Object).Count > 0 ||
                tx.Resources.Any(resource => resource != Namespaces && tx.List(resource, ns).Any()))
            {
                return false;
            }

            var final = current.CloneObject();
            JsonNodes.Ensure(final, "spec")["finalizers"] = new JsonArray();
            tx.Remove(Namespaces, string.Empty, ns, final);
            return true;
        });
}
