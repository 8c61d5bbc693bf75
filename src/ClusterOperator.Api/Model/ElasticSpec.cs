using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;

namespace ClusterOperator.Api.Model;

/// <summary>The size bounds of an elastic <see cref="TrainingRun"/>.</summary>
public sealed class ElasticSpec
{
    [JsonPropertyName("minReplicas")]
    [Description("minReplicas is the smallest size the run can make progress at.")]
    [Range(1, 1024)]
    [Required]
    public int MinReplicas { get; set; } = 1;

    [JsonPropertyName("maxReplicas")]
    [Description("maxReplicas is the largest size the run can use.")]
    [Range(1, 1024)]
    [Required]
    public int MaxReplicas { get; set; } = 1;
}
