using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using ClusterOperator.Api.Schema;
using k8s.Models;

namespace ClusterOperator.Api.Model;

/// <summary>One variant of an <see cref="IdeaExperiment"/>: the template with other arguments or environment.</summary>
public sealed class IdeaVariant
{
    [JsonPropertyName("name")]
    [Description("name identifies the variant; a DNS label, unique within the experiment.")]
    [Required]
    [MaxLength(63)]
    [RegularExpression(NamePatterns.DnsLabel)]
    public string Name { get; set; } = "";

    [JsonPropertyName("args")]
    [Description("args replace the first container's args.")]
    public IList<string>? Args { get; set; }

    [JsonPropertyName("env")]
    [Description("env is appended to the first container's environment.")]
    [PreserveUnknownFields]
    public IList<V1EnvVar>? Env { get; set; }
}
