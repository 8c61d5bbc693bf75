using System.ComponentModel;
using System.Reflection;
using System.Text.Json.Nodes;

namespace ClusterOperator.Api.Schema;

/// <summary>Builds the CustomResourceDefinitions of our kinds from their C# types.</summary>
public static class CrdGenerator
{
    public static JsonObject Generate(CrdDescription crd)
    {
        ArgumentNullException.ThrowIfNull(crd);
        return new JsonObject
        {
            ["apiVersion"] = "apiextensions.k8s.io/v1",
            ["kind"] = "CustomResourceDefinition",
            ["metadata"] = new JsonObject { ["name"] = crd.Name },
            ["spec"] = new JsonObject
            {
                ["group"] = ApiGroup.Group,
                ["names"] = new JsonObject
                {
                    ["kind"] = crd.Kind,
                    ["listKind"] = crd.Kind + "List",
                    ["plural"] = crd.Plural,
                    ["singular"] = crd.Kind.ToLowerInvariant(),
                    ["shortNames"] = new JsonArray(crd.ShortName),
                    ["categories"] = new JsonArray(ApiGroup.Category),
                },
                ["scope"] = "Namespaced",
                ["versions"] = new JsonArray(new JsonObject
                {
                    ["name"] = ApiGroup.Version,
                    ["served"] = true,
                    ["storage"] = true,
                    ["subresources"] = new JsonObject { ["status"] = new JsonObject() },
                    ["additionalPrinterColumns"] = new JsonArray([.. crd.Columns.Select(Column)]),
                    ["schema"] = new JsonObject { ["openAPIV3Schema"] = RootSchema(crd) },
                }),
            },
        };
    }

    /// <summary>All our CRDs as one multi-document YAML stream: what <c>clusteroperator crds</c> prints.</summary>
    public static string GenerateYaml() =>
        string.Join("---\n", CrdDescription.All.Select(crd => YamlWriter.Write(Generate(crd))));

    private static JsonObject RootSchema(CrdDescription crd) => new()
    {
        ["description"] = crd.Resource.GetCustomAttribute<DescriptionAttribute>()?.Description,
        ["type"] = "object",
        ["required"] = new JsonArray("spec"),
        ["properties"] = new JsonObject
        {
            ["apiVersion"] = new JsonObject { ["type"] = "string" },
            ["kind"] = new JsonObject { ["type"] = "string" },
            ["metadata"] = new JsonObject { ["type"] = "object" },
            ["spec"] = SchemaGenerator.ForType(crd.Spec, $"spec is the desired state of the {crd.Kind}."),
            ["status"] = SchemaGenerator.ForType(crd.Status, $"status is the observed state of the {crd.Kind}, written by the operator."),
        },
    };

    private static JsonObject Column(PrinterColumn column)
    {
        var json = new JsonObject
        {
            ["name"] = column.Name,
            ["type"] = column.Type,
            ["jsonPath"] = column.JsonPath,
            ["description"] = column.Description,
        };
        if (column.Priority != 0)
        {
            json["priority"] = column.Priority;
        }

        return json;
    }
}
