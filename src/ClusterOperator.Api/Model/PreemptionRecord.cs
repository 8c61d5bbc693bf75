using System.ComponentModel;
using System.Text.Json.Serialization;

namespace ClusterOperator.Api.Model;

/// <summary>One reclaim of a run's GPUs: when, why and for whom.</summary>
public sealed class PreemptionRecord
{
    [JsonPropertyName("time")]
    [Description("time is when the reclaim started.")]
    public DateTime? Time { get; set; }

    [JsonPropertyName("reason")]
    [Description("reason is the machine-readable cause, e.g. FairShareReclaim or StarvationReclaim.")]
    public string? Reason { get; set; }

    [JsonPropertyName("beneficiary")]
    [Description("beneficiary names the owner and run the GPUs were reclaimed for, as owner/namespace/name.")]
    public string? Beneficiary { get; set; }

    [JsonPropertyName("message")]
    [Description("message explains the reclaim in a sentence.")]
    public string? Message { get; set; }
}
