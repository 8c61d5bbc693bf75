using System.Text.Json.Serialization;
using k8s;
using k8s.Models;

namespace ClusterOperator.Runtime.Tests.Support;

/// <summary>A tiny custom resource, to show informers serve CRDs through the same generic path as built-in kinds.</summary>
[KubernetesEntity(Group = "example.com", ApiVersion = "v1", Kind = "Widget", PluralName = "widgets")]
public sealed class Widget : IKubernetesObject<V1ObjectMeta>
{
    [JsonPropertyName("apiVersion")]
    public string ApiVersion { get; set; } = "example.com/v1";

    [JsonPropertyName("kind")]
    public string Kind { get; set; } = "Widget";

    [JsonPropertyName("metadata")]
    public V1ObjectMeta Metadata { get; set; } = new();

    [JsonPropertyName("size")]
    public int Size { get; set; }

    public static Widget Make(string name, string ns, int size, string tier) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = ns, Labels = new Dictionary<string, string> { ["tier"] = tier } },
        Size = size,
    };
}
