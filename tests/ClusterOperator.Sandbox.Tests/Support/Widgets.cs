using System.Text.Json;
using System.Text.Json.Nodes;

namespace ClusterOperator.Sandbox.Tests.Support;

/// <summary>Builders for the test Widget custom resource.</summary>
public static class Widgets
{
    public static JsonObject Widget(string name, int size = 3, string owner = "alice", string? color = null)
    {
        var spec = new JsonObject { ["owner"] = owner, ["size"] = size };
        if (color is not null)
        {
            spec["color"] = color;
        }

        return new JsonObject
        {
            ["apiVersion"] = $"{TestCrds.Group}/{TestCrds.Version}",
            ["kind"] = "Widget",
            ["metadata"] = new JsonObject { ["name"] = name },
            ["spec"] = spec,
        };
    }

    /// <summary>KubernetesClient returns custom objects as JsonElement; this makes them navigable.</summary>
    public static JsonObject AsNode(object value) => JsonSerializer.SerializeToNode(value)!.AsObject();
}
