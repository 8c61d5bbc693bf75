using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using ClusterOperator.Api.Schema;
using k8s.Models;

namespace ClusterOperator.Api.Model;

/// <summary>The desired state of an <see cref="IdeaExperiment"/>.</summary>
public sealed class IdeaExperimentSpec : IWorkloadSpec
{
    public const int MaxVariants = 16;

    [JsonPropertyName("owner")]
    [Description("owner is the person the experiment is charged to for fair share. Defaults to the namespace.")]
    [MaxLength(63)]
    [RegularExpression(NamePatterns.DnsLabel)]
    public string? Owner { get; set; }

    [JsonPropertyName("hypothesis")]
    [Description("hypothesis says in a line what the experiment tests; kubectl get shows it.")]
    [MaxLength(512)]
    public string? Hypothesis { get; set; }

    [JsonPropertyName("gpus")]
    [Description("gpus is the number of GPUs each variant gets.")]
    [Range(1, 8)]
    [DefaultValue(1)]
    public int Gpus { get; set; } = 1;

    [JsonPropertyName("maxDuration")]
    [Description("maxDuration limits how long each variant may run, e.g. 2h. The operator fills in its default and caps it at its maximum.")]
    [Duration]
    public string? MaxDuration { get; set; }

    [JsonPropertyName("variants")]
    [Description("variants run side by side, one pod each. With no variants the experiment is one pod.")]
    [MaxLength(MaxVariants)]
    public IList<IdeaVariant>? Variants { get; set; }

    [JsonPropertyName("promotion")]
    [Description("promotion describes the TrainingRun to create from this experiment once it has succeeded.")]
    public PromotionSpec? Promotion { get; set; }

    [JsonPropertyName("template")]
    [Description("template is the pod template of every variant.")]
    [Required]
    [PodTemplate]
    public V1PodTemplateSpec Template { get; set; } = new();
}
