using System.Text.Json.Serialization;

namespace ClusterOperator.Api.Model;

/// <summary>The life-cycle phase of an <see cref="IdeaExperiment"/> or of one of its variants.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<IdeaPhase>))]
public enum IdeaPhase
{
    Pending,
    Running,
    Succeeded,
    Failed,
    TimedOut,
}
