using ClusterOperator.Api;
using ClusterOperator.Scheduling;
using k8s.Models;

namespace ClusterOperator.Scheduler;

/// <summary>Turns a Kubernetes Node into the core's view of it.</summary>
internal static class NodeTranslator
{
    public const string ZoneLabel = "topology.kubernetes.io/zone";

    public static Node Translate(V1Node node, int foreignGpus)
    {
        var labels = node.Metadata.Labels ?? new Dictionary<string, string>();
        return new Node
        {
            Name = node.Metadata.Name,
            Gpus = Quantities.Gpus(node.Status?.Allocatable),
            GpuType = labels.TryGetValue(ApiGroup.GpuProductLabel, out var product) ? product : null,
            Zone = labels.TryGetValue(ZoneLabel, out var zone) ? zone : null,
            Rack = labels.TryGetValue(ApiGroup.RackLabel, out var rack) ? rack : null,
            NvLinkDomain = labels.TryGetValue(ApiGroup.NvLinkDomainLabel, out var domain) ? domain : null,
            Labels = new Dictionary<string, string>(labels),
            Taints = [.. (node.Spec?.Taints ?? []).Select(t => new Taint(t.Key, t.Value, ParseEffect(t.Effect)))],
            Ready = IsReady(node),
            Schedulable = node.Spec?.Unschedulable != true,
            ForeignGpus = foreignGpus,
        };
    }

    public static bool IsReady(V1Node node) => ReadyCondition(node)?.Status == "True";

    /// <summary>
    /// Not Ready for at least <paramref name="grace"/>: a blip is not enough to tear down a gang. A node that has not
    /// reported readiness yet is not lost.
    /// </summary>
    public static bool IsLost(V1Node node, TimeSpan grace, DateTimeOffset now) =>
        ReadyCondition(node) is { Status: not "True" } ready
        && (ready.LastTransitionTime is not { } since || now - Controllers.Times.Utc(since) >= grace);

    private static V1NodeCondition? ReadyCondition(V1Node node) => node.Status?.Conditions?.FirstOrDefault(c => c.Type == "Ready");

    public static TaintEffect ParseEffect(string? effect) => effect switch
    {
        "PreferNoSchedule" => TaintEffect.PreferNoSchedule,
        "NoExecute" => TaintEffect.NoExecute,
        _ => TaintEffect.NoSchedule,
    };
}
