using System.ComponentModel;
using System.Text.Json.Serialization;
using k8s;
using k8s.Models;

namespace ClusterOperator.Api.Model;

/// <summary>A small, time-limited experiment with a few variants, one pod each.</summary>
[KubernetesEntity(Group = ApiGroup.Group, ApiVersion = ApiGroup.Version, Kind = KubeKind, PluralName = Plural)]
[Description("IdeaExperiment is a small, time-limited GPU experiment, possibly with a few variants that run side by side, one pod each.")]
public sealed class IdeaExperiment : IKubernetesObject<V1ObjectMeta>, ISpec<IdeaExperimentSpec>, IStatus<IdeaExperimentStatus?>
{
    public const string KubeKind = "IdeaExperiment";
    public const string Plural = "ideaexperiments";

    [JsonPropertyName("apiVersion")]
    public string ApiVersion { get; set; } = ApiGroup.ApiVersion;

    [JsonPropertyName("kind")]
    public string Kind { get; set; } = KubeKind;

    [JsonPropertyName("metadata")]
    public V1ObjectMeta Metadata { get; set; } = new();

    [JsonPropertyName("spec")]
    public IdeaExperimentSpec Spec { get; set; } = new();

    [JsonPropertyName("status")]
    public IdeaExperimentStatus? Status { get; set; }
}
