using System.Text.Json;

namespace ClusterOperator.Simulation.Bench;

/// <summary>Writes <see cref="BenchResult"/> in the exact shape of issue 3.</summary>
public static class BenchJson
{
    public static string ToJson(BenchResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            writer.WriteNumber("nodes", result.Nodes);
            writer.WriteNumber("gpus", result.Gpus);
            writer.WriteNumber("pods", result.Pods);
            writer.WriteNumber("placed", result.Placed);
            writer.WriteNumber("seconds", Math.Round(result.Seconds, 4));
            writer.WriteNumber("podsPerSecond", Math.Round(result.PodsPerSecond, 1));
            writer.WriteNumber("planMillisP50", Math.Round(result.PlanMillisP50, 3));
            writer.WriteNumber("planMillisP99", Math.Round(result.PlanMillisP99, 3));
            writer.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }
}
