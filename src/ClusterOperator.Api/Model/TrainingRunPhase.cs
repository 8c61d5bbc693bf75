using System.Text.Json.Serialization;

namespace ClusterOperator.Api.Model;

/// <summary>The life-cycle phase of a <see cref="TrainingRun"/>.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<TrainingRunPhase>))]
public enum TrainingRunPhase
{
    Pending,
    Running,
    Succeeded,
    Failed,
}
