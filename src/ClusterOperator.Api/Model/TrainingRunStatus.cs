using System.ComponentModel;
using System.Text.Json.Serialization;
using k8s.Models;

namespace ClusterOperator.Api.Model;

/// <summary>The observed state of a <see cref="TrainingRun"/>, written only by the operator.</summary>
public sealed class TrainingRunStatus : IWorkloadStatus
{
    [JsonPropertyName("phase")]
    [Description("phase is where the run is in its life: Pending, Running, Succeeded or Failed.")]
    public TrainingRunPhase? Phase { get; set; }

    [JsonPropertyName("owner")]
    [Description("owner is the person the run is charged to, after defaulting to the namespace.")]
    public string? Owner { get; set; }

    [JsonPropertyName("conditions")]
    [Description("conditions are the standard conditions Scheduled, Running, Preempted, Finished and InvalidSpec.")]
    public IList<V1Condition>? Conditions { get; set; }

    [JsonPropertyName("replicas")]
    [Description("replicas is the number of worker pods currently bound to nodes.")]
    public int Replicas { get; set; }

    [JsonPropertyName("allocatedGpus")]
    [Description("allocatedGpus is the number of GPUs the run holds now.")]
    public int AllocatedGpus { get; set; }

    [JsonPropertyName("ownerFairShareGpus")]
    [Description("ownerFairShareGpus is the owner's current fair share of GPUs.")]
    public double OwnerFairShareGpus { get; set; }

    [JsonPropertyName("waitingReason")]
    [Description("waitingReason says, with numbers, why a pending run is not running yet and when it is expected to.")]
    public string? WaitingReason { get; set; }

    [JsonPropertyName("preemptions")]
    [Description("preemptions counts how often the run's GPUs were reclaimed.")]
    public int Preemptions { get; set; }

    [JsonPropertyName("lastPreemption")]
    [Description("lastPreemption records the most recent reclaim of the run's GPUs.")]
    public PreemptionRecord? LastPreemption { get; set; }

    [JsonPropertyName("restarts")]
    [Description("restarts counts gang restarts after failures, which backoffLimit bounds.")]
    public int Restarts { get; set; }

    [JsonPropertyName("startTime")]
    [Description("startTime is when all of the run's pods were last bound.")]
    public DateTime? StartTime { get; set; }

    [JsonPropertyName("completionTime")]
    [Description("completionTime is when the run succeeded or failed.")]
    public DateTime? CompletionTime { get; set; }

    [JsonPropertyName("observedGeneration")]
    [Description("observedGeneration is the spec generation this status describes.")]
    public long? ObservedGeneration { get; set; }
}
