using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using ClusterOperator.Api.Schema;

namespace ClusterOperator.Api.Model;

/// <summary>The TrainingRun to create from a successful <see cref="IdeaExperiment"/>.</summary>
public sealed class PromotionSpec
{
    [JsonPropertyName("variant")]
    [Description("variant names the variant whose args and env the TrainingRun takes. Required when the experiment has variants.")]
    [MaxLength(63)]
    [RegularExpression(NamePatterns.DnsLabel)]
    public string? Variant { get; set; }

    [JsonPropertyName("replicas")]
    [Description("replicas is the TrainingRun's number of worker pods.")]
    [Range(1, 1024)]
    [DefaultValue(1)]
    public int Replicas { get; set; } = 1;

    [JsonPropertyName("gpusPerReplica")]
    [Description("gpusPerReplica is the TrainingRun's GPUs per worker pod.")]
    [Range(0, 16)]
    [DefaultValue(1)]
    public int GpusPerReplica { get; set; } = 1;

    [JsonPropertyName("name")]
    [Description("name is the TrainingRun's name. Defaults to the experiment's name followed by the variant's.")]
    [MaxLength(63)]
    [RegularExpression(NamePatterns.DnsLabel)]
    public string? Name { get; set; }
}
