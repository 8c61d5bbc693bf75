using System.Text.Json.Nodes;
using ClusterOperator.Packaging.Tests.Yaml;

namespace ClusterOperator.Packaging.Tests.Chart;

/// <summary>The documents <c>helm template</c> printed, parsed.</summary>
internal sealed class RenderedChart
{
    public RenderedChart(string manifest) => Documents = YamlDocuments.Parse(manifest);

    public IReadOnlyList<JsonObject> Documents { get; }

    public IEnumerable<JsonObject> OfKind(string kind) =>
        Documents.Where(d => (string?)d["kind"] == kind);

    public bool Has(string kind) => OfKind(kind).Any();

    public JsonObject Single(string kind) =>
        OfKind(kind).ToList() is [var only]
            ? only
            : throw new InvalidOperationException($"Expected exactly one {kind}; rendered {OfKind(kind).Count()}.");

    public JsonObject Single(string kind, string name) =>
        OfKind(kind).SingleOrDefault(d => (string?)d["metadata"]?["name"] == name)
            ?? throw new InvalidOperationException($"No {kind} named {name} was rendered.");

    public JsonObject Deployment => Single("Deployment");

    public JsonObject PodSpec => Deployment["spec"]!["template"]!["spec"]!.AsObject();

    public JsonObject OperatorContainer => PodSpec["containers"]!.AsArray().Single()!.AsObject();

    /// <summary>The operator's configuration file from the ConfigMap the Deployment mounts.</summary>
    public string AppSettingsJson
    {
        get
        {
            var configMapName = (string)PodSpec["volumes"]!.AsArray()
                .Single(v => v!["configMap"] is not null)!["configMap"]!["name"]!;
            return (string)Single("ConfigMap", configMapName)["data"]!["appsettings.json"]!;
        }
    }
}
