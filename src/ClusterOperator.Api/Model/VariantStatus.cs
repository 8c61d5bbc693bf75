using System.ComponentModel;
using System.Text.Json.Serialization;

namespace ClusterOperator.Api.Model;

/// <summary>The observed state of one variant's pod.</summary>
public sealed class VariantStatus
{
    [JsonPropertyName("name")]
    [Description("name is the variant's name, or main for an experiment without variants.")]
    public string Name { get; set; } = "";

    [JsonPropertyName("phase")]
    [Description("phase is the variant's phase.")]
    public IdeaPhase? Phase { get; set; }

    [JsonPropertyName("exitCode")]
    [Description("exitCode is the first container's exit code once it has finished.")]
    public int? ExitCode { get; set; }

    [JsonPropertyName("node")]
    [Description("node is the node the variant's pod runs on.")]
    public string? Node { get; set; }

    [JsonPropertyName("startTime")]
    [Description("startTime is when the variant's pod started.")]
    public DateTime? StartTime { get; set; }

    [JsonPropertyName("finishTime")]
    [Description("finishTime is when the variant's pod finished.")]
    public DateTime? FinishTime { get; set; }
}
