using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using ClusterOperator.Sandbox.Resources;

namespace ClusterOperator.Sandbox.Http;

/// <summary>
/// Just enough OpenAPI for kubectl and helm: every resource's PATCH operation names its group/version/kind and
/// accepts the fieldValidation parameter, so clients validate server-side (the sandbox checks CRD schemas)
/// and compute strategic merge patches from their built-in types. The v2 document is an empty, valid one.
/// </summary>
internal static class OpenApiDocuments
{
    public const string ProtobufV2ContentType = "application/com.github.proto-openapi.spec.v2@v1.0+protobuf";

    public static JsonObject V2Json(string serverVersion) => new()
    {
        ["swagger"] = "2.0",
        ["info"] = new JsonObject { ["title"] = "Kubernetes", ["version"] = serverVersion },
        ["paths"] = new JsonObject(),
        ["definitions"] = new JsonObject(),
    };

    /// <summary>The gnostic openapi_v2.Document message with only swagger and info set.</summary>
    public static byte[] V2Protobuf(string serverVersion)
    {
        var info = Concat(Field(1, "Kubernetes"), Field(2, serverVersion));
        return Concat(Field(1, "2.0"), Field(2, info));
    }

    public static JsonObject V3Root(ResourceRegistry registry)
    {
        var paths = new JsonObject();
        foreach (var (group, versions) in registry.Groups)
        {
            foreach (var version in versions)
            {
                var key = GroupVersionPath(group, version);
                paths[key] = new JsonObject
                {
                    ["serverRelativeURL"] =
                        string.Create(CultureInfo.InvariantCulture, $"/openapi/v3/{key}?hash={registry.Generation:X8}{key.Length:X4}"),
                };
            }
        }

        return new JsonObject { ["paths"] = paths };
    }

    public static JsonObject? V3GroupVersion(ResourceRegistry registry, string path, string serverVersion)
    {
        var definitions = registry.Definitions.Where(d => GroupVersionPath(d.Group, d.Version) == path).ToList();
        if (definitions.Count == 0)
        {
            return null;
        }

        var paths = new JsonObject();
        foreach (var definition in definitions.Where(d => d.Supports("patch")))
        {
            var prefix = definition.Group.Length == 0 ? $"/api/{definition.Version}" : $"/apis/{definition.Group}/{definition.Version}";
            var item = definition.Namespaced
                ? $"{prefix}/namespaces/{{namespace}}/{definition.Resource}/{{name}}"
                : $"{prefix}/{definition.Resource}/{{name}}";
            paths[item] = new JsonObject { ["patch"] = PatchOperation(definition) };
        }

        return new JsonObject
        {
            ["openapi"] = "3.0.0",
            ["info"] = new JsonObject { ["title"] = "Kubernetes", ["version"] = serverVersion },
            ["paths"] = paths,
            ["components"] = new JsonObject { ["schemas"] = new JsonObject() },
        };
    }

    private static string GroupVersionPath(string group, string version) =>
        group.Length == 0 ? $"api/{version}" : $"apis/{group}/{version}";

    private static JsonObject PatchOperation(ResourceDefinition definition)
    {
        var content = new JsonObject();
        foreach (var mediaType in new[] { "application/json-patch+json", "application/merge-patch+json", "application/apply-patch+yaml" })
        {
            content[mediaType] = new JsonObject { ["schema"] = new JsonObject { ["type"] = "object" } };
        }

        JsonObject Query(string name) => new()
        {
            ["name"] = name,
            ["in"] = "query",
            ["schema"] = new JsonObject { ["type"] = "string", ["uniqueItems"] = true },
        };

        return new JsonObject
        {
            ["operationId"] = $"patch{definition.Kind}",
            ["parameters"] = new JsonArray(Query("dryRun"), Query("fieldManager"), Query("fieldValidation"), Query("force")),
            ["requestBody"] = new JsonObject { ["content"] = content, ["required"] = true },
            ["responses"] = new JsonObject { ["200"] = new JsonObject { ["description"] = "OK" } },
            ["x-kubernetes-action"] = "patch",
            ["x-kubernetes-group-version-kind"] = new JsonObject
            {
                ["group"] = definition.Group,
                ["version"] = definition.Version,
                ["kind"] = definition.Kind,
            },
        };
    }

    private static byte[] Field(int number, string value) => Field(number, Encoding.UTF8.GetBytes(value));

    private static byte[] Field(int number, byte[] payload)
    {
        var header = new List<byte> { (byte)((number << 3) | 2) };
        var length = (uint)payload.Length;
        while (length >= 0x80)
        {
            header.Add((byte)(length | 0x80));
            length >>= 7;
        }

        header.Add((byte)length);
        return [.. header, .. payload];
    }

    private static byte[] Concat(params byte[][] parts) => parts.SelectMany(p => p).ToArray();
}
