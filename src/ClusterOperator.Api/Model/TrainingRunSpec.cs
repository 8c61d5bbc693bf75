using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using ClusterOperator.Api.Schema;
using k8s.Models;

namespace ClusterOperator.Api.Model;

/// <summary>The desired state of a <see cref="TrainingRun"/>.</summary>
public sealed class TrainingRunSpec : IWorkloadSpec
{
    [JsonPropertyName("owner")]
    [Description("owner is the person the run is charged to for fair share. Defaults to the namespace.")]
    [MaxLength(63)]
    [RegularExpression(NamePatterns.DnsLabel)]
    public string? Owner { get; set; }

    [JsonPropertyName("replicas")]
    [Description("replicas is the number of worker pods, scheduled all-or-nothing as one gang. Ignored when elastic is set.")]
    [Range(1, 1024)]
    [DefaultValue(1)]
    public int Replicas { get; set; } = 1;

    [JsonPropertyName("elastic")]
    [Description("elastic lets the run run at any size between minReplicas and maxReplicas: it grows when GPUs are free and shrinks, rather than stopping, when they are reclaimed.")]
    public ElasticSpec? Elastic { get; set; }

    [JsonPropertyName("gpusPerReplica")]
    [Description("gpusPerReplica is the number of GPUs each worker pod gets.")]
    [Range(0, 16)]
    [DefaultValue(1)]
    public int GpusPerReplica { get; set; } = 1;

    [JsonPropertyName("maxRuntime")]
    [Description("maxRuntime limits how long the run may run, e.g. 72h or 12:00:00. Past it the run fails with reason MaxRuntimeExceeded.")]
    [Duration]
    public string? MaxRuntime { get; set; }

    [JsonPropertyName("preemption")]
    [Description("preemption tunes how the run is stopped when its GPUs are reclaimed.")]
    public PreemptionSpec? Preemption { get; set; }

    [JsonPropertyName("backoffLimit")]
    [Description("backoffLimit is the number of times the whole gang is restarted after a pod fails. Preemption and node loss do not count.")]
    [Range(0, 100)]
    [DefaultValue(3)]
    public int BackoffLimit { get; set; } = 3;

    [JsonPropertyName("ttlSecondsAfterFinished")]
    [Description("ttlSecondsAfterFinished deletes the run this many seconds after it succeeded or failed.")]
    [Range(0, int.MaxValue)]
    public int? TtlSecondsAfterFinished { get; set; }

    [JsonPropertyName("template")]
    [Description("template is the pod template of every worker. The operator adds the GPU limit, the scheduler name and the rendezvous environment.")]
    [Required]
    [PodTemplate]
    public V1PodTemplateSpec Template { get; set; } = new();
}
