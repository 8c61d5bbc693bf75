using System.ComponentModel;
using System.Text.Json.Serialization;
using k8s.Models;

namespace ClusterOperator.Api.Model;

/// <summary>The observed state of an <see cref="IdeaExperiment"/>, written only by the operator.</summary>
public sealed class IdeaExperimentStatus : IWorkloadStatus
{
    [JsonPropertyName("phase")]
    [Description("phase is where the experiment is in its life: Pending, Running, Succeeded, Failed or TimedOut.")]
    public IdeaPhase? Phase { get; set; }

    [JsonPropertyName("owner")]
    [Description("owner is the person the experiment is charged to, after defaulting to the namespace.")]
    public string? Owner { get; set; }

    [JsonPropertyName("variants")]
    [Description("variants holds the state of each variant's pod.")]
    public IList<VariantStatus>? Variants { get; set; }

    [JsonPropertyName("allocatedGpus")]
    [Description("allocatedGpus is the number of GPUs the experiment holds now.")]
    public int AllocatedGpus { get; set; }

    [JsonPropertyName("waitingReason")]
    [Description("waitingReason says, with numbers, why a pending experiment is not running yet.")]
    public string? WaitingReason { get; set; }

    [JsonPropertyName("conditions")]
    [Description("conditions are the standard conditions Scheduled, Running, Preempted, Finished and InvalidSpec.")]
    public IList<V1Condition>? Conditions { get; set; }

    [JsonPropertyName("startTime")]
    [Description("startTime is when the first variant started.")]
    public DateTime? StartTime { get; set; }

    [JsonPropertyName("completionTime")]
    [Description("completionTime is when the last variant finished.")]
    public DateTime? CompletionTime { get; set; }

    [JsonPropertyName("observedGeneration")]
    [Description("observedGeneration is the spec generation this status describes.")]
    public long? ObservedGeneration { get; set; }

    [JsonPropertyName("promotedTo")]
    [Description("promotedTo names the TrainingRun created from this experiment.")]
    public string? PromotedTo { get; set; }
}
