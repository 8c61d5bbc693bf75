using System.Text.Json;
using System.Text.Json.Serialization;

namespace ClusterOperator.Operator;

/// <summary>Serializer settings for comparing statuses: the shape the API server stores, nulls left out.</summary>
internal static class KubernetesJsonOptions
{
    public static JsonSerializerOptions Value { get; } = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}
