using System.Text.Json;
using ClusterOperator.Simulation.Metrics;
using ClusterOperator.Simulation.Replay;

namespace ClusterOperator.Simulation.Reports;

/// <summary>
/// Writes a replay's figures in the exact shape of issue 8:
/// <c>{"trace":"…","gpus":N,"policies":[{"policy":"fair-share","jobs":N,…,"makespanSeconds":x}, …]}</c>.
/// </summary>
public static class ReplayJson
{
    /// <summary>Decimal places kept for fractional figures: enough for comparisons, short enough to read.</summary>
    private const int Decimals = 4;

    public static void Write(Stream stream, ReplayResult result)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(result);
        using var writer = new Utf8JsonWriter(stream);
        writer.WriteStartObject();
        writer.WriteString("trace", result.Trace);
        writer.WriteNumber("gpus", result.Gpus);
        writer.WriteStartArray("policies");
        foreach (var policy in result.Policies)
        {
            WritePolicy(writer, policy.Metrics);
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    public static string ToJson(ReplayResult result)
    {
        using var stream = new MemoryStream();
        Write(stream, result);
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    public static async Task WriteFileAsync(string path, ReplayResult result, CancellationToken cancellationToken)
    {
        await File.WriteAllTextAsync(path, ToJson(result) + Environment.NewLine, cancellationToken);
    }

    private static void WritePolicy(Utf8JsonWriter writer, PolicyMetrics m)
    {
        writer.WriteStartObject();
        writer.WriteString("policy", m.Policy);
        writer.WriteNumber("jobs", m.Jobs);
        writer.WriteNumber("invalid", m.Invalid);
        Number(writer, "avgJctSeconds", m.AvgJctSeconds);
        Number(writer, "p50JctSeconds", m.P50JctSeconds);
        Number(writer, "p99JctSeconds", m.P99JctSeconds);
        Number(writer, "avgQueueSeconds", m.AvgQueueSeconds);
        Number(writer, "p50QueueSeconds", m.P50QueueSeconds);
        Number(writer, "p99QueueSeconds", m.P99QueueSeconds);
        Number(writer, "maxQueueSeconds", m.MaxQueueSeconds);
        Number(writer, "maxWithinShareQueueSeconds", m.MaxWithinShareQueueSeconds);
        Number(writer, "jainIndex", m.JainIndex);
        Number(writer, "shareDeviation", m.ShareDeviation);
        Number(writer, "utilization", m.Utilization);
        Number(writer, "utilizationVsBound", m.UtilizationVsBound);
        writer.WriteNumber("preemptions", m.Preemptions);
        Number(writer, "lostGpuSeconds", m.LostGpuSeconds);
        Number(writer, "makespanSeconds", m.MakespanSeconds);
        writer.WriteEndObject();
    }

    private static void Number(Utf8JsonWriter writer, string name, double value) =>
        writer.WriteNumber(name, Math.Round(value, Decimals, MidpointRounding.AwayFromZero));
}
