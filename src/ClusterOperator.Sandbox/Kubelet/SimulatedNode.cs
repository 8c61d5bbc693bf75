using System.Globalization;
using System.Text.Json.Nodes;
using ClusterOperator.Sandbox.Json;

namespace ClusterOperator.Sandbox.Kubelet;

/// <summary>The fixed description of one simulated GPU node and the Node object it registers.</summary>
internal sealed record SimulatedNode(string Name, int Index, int Gpus, string GpuType, string Cpu, string Memory, string Rack,
    string Zone)
{
    public const int MaxPods = 110;

    public string InternalIp => string.Create(CultureInfo.InvariantCulture, $"10.0.{Index / 250}.{Index % 250 + 1}");

    public string PodIp(int sequence) =>
        string.Create(CultureInfo.InvariantCulture, $"10.{Index / 250 + 64}.{Index % 250}.{sequence % 250 + 2}");

    public decimal Allocatable(string resource) => resource switch
    {
        SandboxConventions.GpuResource => Gpus,
        "cpu" => Quantity.ParseOrZero(Cpu),
        "memory" => Quantity.ParseOrZero(Memory),
        "pods" => MaxPods,
        _ => 0,
    };

    public JsonObject ToObject(DateTimeOffset now)
    {
        JsonObject Resources() => new()
        {
            ["cpu"] = Cpu,
            ["memory"] = Memory,
            [SandboxConventions.GpuResource] = Gpus.ToString(CultureInfo.InvariantCulture),
            ["pods"] = MaxPods.ToString(CultureInfo.InvariantCulture),
            ["ephemeral-storage"] = "1Ti",
        };

        var status = new JsonObject
        {
            ["capacity"] = Resources(),
            ["allocatable"] = Resources(),
            ["addresses"] = new JsonArray(
                new JsonObject { ["type"] = "InternalIP", ["address"] = InternalIp },
                new JsonObject { ["type"] = "Hostname", ["address"] = Name }),
            ["nodeInfo"] = new JsonObject
            {
                ["machineID"] = Name,
                ["systemUUID"] = Name,
                ["bootID"] = Name,
                ["kernelVersion"] = "6.1.0-sandbox",
                ["osImage"] = "ClusterOperator sandbox GPU node",
                ["containerRuntimeVersion"] = "sandbox://1.0.0",
                ["kubeletVersion"] = "v1.33.0-sandbox",
                ["kubeProxyVersion"] = "v1.33.0-sandbox",
                ["operatingSystem"] = "linux",
                ["architecture"] = "amd64",
            },
            ["daemonEndpoints"] = new JsonObject { ["kubeletEndpoint"] = new JsonObject { ["Port"] = 10250 } },
        };
        KubeletConditions.SetNodeReady(status, ready: true, now);
        return new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Node",
            ["metadata"] = new JsonObject
            {
                ["name"] = Name,
                ["labels"] = new JsonObject
                {
                    ["kubernetes.io/arch"] = "amd64",
                    ["kubernetes.io/os"] = "linux",
                    [SandboxConventions.HostnameLabel] = Name,
                    ["node.kubernetes.io/instance-type"] = "sandbox-gpu",
                    [SandboxConventions.GpuProductLabel] = GpuType,
                    [SandboxConventions.GpuCountLabel] = Gpus.ToString(CultureInfo.InvariantCulture),
                    [SandboxConventions.ZoneLabel] = Zone,
                    [SandboxConventions.RackLabel] = Rack,
                },
            },
            ["spec"] = new JsonObject
            {
                ["podCIDR"] = string.Create(CultureInfo.InvariantCulture, $"10.{Index / 250 + 64}.{Index % 250}.0/24"),
            },
            ["status"] = status,
        };
    }
}
