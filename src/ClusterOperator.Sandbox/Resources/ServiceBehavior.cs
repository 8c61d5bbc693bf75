using System.Globalization;
using System.Text.Json.Nodes;
using ClusterOperator.Sandbox.Json;
using ClusterOperator.Sandbox.Patching;

namespace ClusterOperator.Sandbox.Resources;

/// <summary>core/v1 services: ClusterIP allocation and defaults; the IP is kept across updates that omit it.</summary>
internal sealed class ServiceBehavior : ResourceBehavior
{
    private static readonly PatchSchema Merge = PatchSchema.Build(new Dictionary<string, ListStrategy> { ["spec.ports"] = ListStrategy.MapBy("port") });
    private static readonly PatchSchema Apply = PatchSchema.Build(new Dictionary<string, ListStrategy> { ["spec.ports"] = ListStrategy.MapBy("port", "protocol") });

    private static readonly TableLayout Layout = new(
        [
            TableLayout.NameColumn,
            new TableColumn("Type", "string", "The type of the service."),
            new TableColumn("Cluster-IP", "string", "The cluster IP of the service."),
            new TableColumn("External-IP", "string", "The external IPs of the service."),
            new TableColumn("Port(s)", "string", "The ports of the service."),
            TableLayout.AgeColumn,
            new TableColumn("Selector", "string", "The label selector of the service.", 1),
        ],
        (service, now) =>
        [
            TableLayout.Name(service),
            JsonNodes.GetString(service, "spec", "type") ?? "ClusterIP",
            JsonNodes.GetString(service, "spec", "clusterIP") ?? "<none>",
            "<none>",
            Ports(service),
            TableLayout.Age(service, now),
            Selector(service),
        ]);

    private int _nextAddress = 1;

    public override TableLayout Table => Layout;

    public override PatchSchema StrategicMergeSchema => Merge;

    public override PatchSchema ApplySchema => Apply;

    public override void ApplyDefaults(JsonObject obj)
    {
        var spec = JsonNodes.Ensure(obj, "spec");
        spec["type"] ??= "ClusterIP";
        spec["sessionAffinity"] ??= "None";
        spec["ipFamilies"] ??= new JsonArray("IPv4");
        spec["ipFamilyPolicy"] ??= "SingleStack";
        spec["internalTrafficPolicy"] ??= "Cluster";
        if (spec["ports"] is JsonArray ports)
        {
            foreach (var port in ports.OfType<JsonObject>())
            {
                port["protocol"] ??= "TCP";
                port["targetPort"] ??= port["port"]?.DeepClone();
            }
        }
    }

    public override void PrepareForCreate(JsonObject obj, ResourceDefinition definition, OperationContext context)
    {
        var spec = JsonNodes.Ensure(obj, "spec");
        if (JsonNodes.GetString(spec, "clusterIP") is not ("None" or { Length: > 0 }))
        {
            var address = Interlocked.Increment(ref _nextAddress);
            spec["clusterIP"] = string.Create(CultureInfo.InvariantCulture, $"10.96.{address / 250 % 250}.{address % 250 + 1}");
        }

        spec["clusterIPs"] ??= new JsonArray(JsonNodes.GetString(spec, "clusterIP"));
        obj["status"] = new JsonObject { ["loadBalancer"] = new JsonObject() };
    }

    public override void PrepareForUpdate(JsonObject obj, JsonObject old, ResourceDefinition definition,
        OperationContext context)
    {
        var spec = JsonNodes.Ensure(obj, "spec");
        foreach (var field in new[] { "clusterIP", "clusterIPs" })
        {
            if (spec[field] is null && JsonNodes.Navigate(old, "spec", field) is { } kept)
            {
                spec[field] = kept.DeepClone();
            }
        }
    }

    private static string Ports(JsonObject service)
    {
        var ports = JsonNodes.GetArray(service, "spec", "ports");
        if (ports is null || ports.Count == 0)
        {
            return "<none>";
        }

        return string.Join(",", ports.Select(p =>
            $"{JsonNodes.ScalarText(JsonNodes.Navigate(p, "port"))}/{JsonNodes.GetString(p, "protocol") ?? "TCP"}"));
    }

    private static string Selector(JsonObject service) =>
        JsonNodes.GetObject(service, "spec", "selector") is { Count: > 0 } selector
            ? string.Join(",", selector.Select(pair => $"{pair.Key}={JsonNodes.ScalarText(pair.Value)}"))
            : "<none>";
}
