using ClusterOperator.Sandbox.Json;

namespace ClusterOperator.Sandbox.Resources;

/// <summary>coordination.k8s.io/v1 leases: the HOLDER column.</summary>
internal sealed class LeaseBehavior : ResourceBehavior
{
    private static readonly TableLayout Layout = new(
        [TableLayout.NameColumn, new TableColumn("Holder", "string", "The holder of the lease"), TableLayout.AgeColumn],
        (lease, now) =>
        [
            TableLayout.Name(lease), JsonNodes.GetString(lease, "spec", "holderIdentity") ?? string.Empty,
            TableLayout.Age(lease, now),
        ]);

    public override TableLayout Table => Layout;
}
