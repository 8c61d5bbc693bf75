using System.Text.Json.Nodes;
using ClusterOperator.Sandbox.Json;
using ClusterOperator.Sandbox.Server;

namespace ClusterOperator.Sandbox.Kubelet;

/// <summary>The node conditions and taints a kubelet and the node lifecycle controller maintain.</summary>
internal static class KubeletConditions
{
    public const string UnreachableTaint = "node.kubernetes.io/unreachable";

    public static void SetNodeReady(JsonObject status, bool ready, DateTimeOffset now)
    {
        if (ready)
        {
            ApiOperations.SetCondition(status, "Ready", "True", "KubeletReady", now, "kubelet is posting ready status");
        }
        else
        {
            ApiOperations.SetCondition(status, "Ready", "Unknown", "NodeStatusUnknown", now, "Kubelet stopped posting node status.");
        }

        foreach (var (type, reason, message) in new[]
                 {
                     ("MemoryPressure", "KubeletHasSufficientMemory", "kubelet has sufficient memory available"),
                     ("DiskPressure", "KubeletHasNoDiskPressure", "kubelet has no disk pressure"),
                     ("PIDPressure", "KubeletHasSufficientPID", "kubelet has sufficient PID available"),
                 })
        {
            ApiOperations.SetCondition(status, type, ready ? "False" : "Unknown", ready ? reason : "NodeStatusUnknown", now,
                ready ? message : "Kubelet stopped posting node status.");
        }

        foreach (var condition in (status["conditions"] as JsonArray)!.OfType<JsonObject>())
        {
            condition.Remove("lastProbeTime");
            condition["lastHeartbeatTime"] = Timestamps.Format(now);
        }
    }

    /// <summary>The unreachable taints are present exactly while the node is not ready.</summary>
    public static bool SetUnreachableTaints(JsonObject node, bool ready, DateTimeOffset now)
    {
        var spec = JsonNodes.Ensure(node, "spec");
        var taints = spec["taints"] as JsonArray ?? [];
        var existing = taints.Where(t => JsonNodes.GetString(t, "key") == UnreachableTaint).ToList();
        if (ready == (existing.Count == 0))
        {
            return false;
        }

        if (ready)
        {
            existing.ForEach(t => taints.Remove(t));
        }
        else
        {
            foreach (var effect in new[] { "NoSchedule", "NoExecute" })
            {
                taints.Add(new JsonObject
                {
                    ["key"] = UnreachableTaint,
                    ["effect"] = effect,
                    ["timeAdded"] = Timestamps.Format(now),
                });
            }
        }

        if (taints.Count == 0)
        {
            spec.Remove("taints");
        }
        else
        {
            spec["taints"] = taints;
        }

        return true;
    }
}
