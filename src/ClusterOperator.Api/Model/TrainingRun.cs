using System.ComponentModel;
using System.Text.Json.Serialization;
using k8s;
using k8s.Models;

namespace ClusterOperator.Api.Model;

/// <summary>A possibly multi-node, gang-scheduled training job, charged to its owner's fair share.</summary>
[KubernetesEntity(Group = ApiGroup.Group, ApiVersion = ApiGroup.Version, Kind = KubeKind, PluralName = Plural)]
[Description("TrainingRun is a gang-scheduled, possibly multi-node training job that is charged to its owner's fair share of GPUs.")]
public sealed class TrainingRun : IKubernetesObject<V1ObjectMeta>, ISpec<TrainingRunSpec>, IStatus<TrainingRunStatus?>
{
    public const string KubeKind = "TrainingRun";
    public const string Plural = "trainingruns";

    [JsonPropertyName("apiVersion")]
    public string ApiVersion { get; set; } = ApiGroup.ApiVersion;

    [JsonPropertyName("kind")]
    public string Kind { get; set; } = KubeKind;

    [JsonPropertyName("metadata")]
    public V1ObjectMeta Metadata { get; set; } = new();

    [JsonPropertyName("spec")]
    public TrainingRunSpec Spec { get; set; } = new();

    [JsonPropertyName("status")]
    public TrainingRunStatus? Status { get; set; }
}
