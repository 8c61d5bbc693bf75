using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;

namespace ClusterOperator.Api.Model;

/// <summary>How a run is stopped when its GPUs are reclaimed.</summary>
public sealed class PreemptionSpec
{
    [JsonPropertyName("gracePeriodSeconds")]
    [Description("gracePeriodSeconds is the time pods get to checkpoint after SIGTERM when their GPUs are reclaimed.")]
    [Range(0, 3600)]
    [DefaultValue(60)]
    public int GracePeriodSeconds { get; set; } = 60;
}
