using System.Globalization;
using System.Text.Json.Nodes;
using ClusterOperator.Sandbox.Json;
using ClusterOperator.Sandbox.Patching;

namespace ClusterOperator.Sandbox.Resources;

/// <summary>apps/v1 workloads (stored, never run): defaults, pod template merge keys, kubectl columns.</summary>
internal sealed class DeploymentBehavior : ResourceBehavior
{
    private static readonly PatchSchema Schema = PatchSchema.Build(PatchSchema.PodSpecLists("spec.template.spec"));

    private static readonly TableLayout Layout = new(
        [
            TableLayout.NameColumn,
            new TableColumn("Ready", "string", "Number of the pod with ready state"),
            new TableColumn("Up-to-date", "string", "Total number of non-terminated pods targeted by this deployment that have the desired template spec."),
            new TableColumn("Available", "string", "Total number of available pods (ready for at least minReadySeconds) targeted by this deployment."),
            TableLayout.AgeColumn,
        ],
        (deployment, now) =>
        [
            TableLayout.Name(deployment),
            string.Create(CultureInfo.InvariantCulture,
                $"{JsonNodes.GetInt64(deployment, "status", "readyReplicas") ?? 0}/{JsonNodes.GetInt64(deployment, "spec", "replicas") ?? 1}"),
            JsonNodes.GetInt64(deployment, "status", "updatedReplicas") ?? 0,
            JsonNodes.GetInt64(deployment, "status", "availableReplicas") ?? 0,
            TableLayout.Age(deployment, now),
        ]);

    public override TableLayout Table => Layout;

    public override PatchSchema StrategicMergeSchema => Schema;

    public override void ApplyDefaults(JsonObject obj)
    {
        var spec = JsonNodes.Ensure(obj, "spec");
        spec["replicas"] ??= 1;
        spec["revisionHistoryLimit"] ??= 10;
        spec["progressDeadlineSeconds"] ??= 600;
    }
}
