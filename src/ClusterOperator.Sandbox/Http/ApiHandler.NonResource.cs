using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace ClusterOperator.Sandbox.Http;

internal sealed partial class ApiHandler
{
    /// <summary>Version, health, discovery and OpenAPI documents.</summary>
    private async Task<bool> TryServeNonResourceAsync(HttpContext context, string path, CancellationToken cancellationToken)
    {
        var trimmed = path.TrimEnd('/');
        switch (trimmed)
        {
            case "/version":
                await ResponseWriter.WriteJsonAsync(context, 200, VersionDocument(), cancellationToken);
                return true;
            case "/healthz" or "/livez" or "/readyz":
                context.Response.ContentType = "text/plain";
                await context.Response.Body.WriteAsync("ok"u8.ToArray(), cancellationToken);
                return true;
            case "/api":
                await ResponseWriter.WriteJsonAsync(context, 200,
                    DiscoveryDocuments.Versions(context.Request.Host.Value ?? "127.0.0.1"), cancellationToken);
                return true;
            case "/apis":
                await ResponseWriter.WriteJsonAsync(context, 200, DiscoveryDocuments.GroupList(Registry), cancellationToken);
                return true;
            case "/openapi/v2":
                await WriteOpenApiV2Async(context, cancellationToken);
                return true;
            case "/openapi/v3":
                await ResponseWriter.WriteJsonAsync(context, 200, OpenApiDocuments.V3Root(Registry), cancellationToken);
                return true;
        }

        if (trimmed.StartsWith("/openapi/v3/", StringComparison.Ordinal))
        {
            var document = OpenApiDocuments.V3GroupVersion(Registry, trimmed["/openapi/v3/".Length..], ServerVersion) ??
                           throw NotFoundPath();
            await ResponseWriter.WriteJsonAsync(context, 200, document, cancellationToken);
            return true;
        }

        var segments = trimmed.Split('/', StringSplitOptions.RemoveEmptyEntries);
        JsonObject? discovery = segments switch
        {
            ["api", var version] => DiscoveryDocuments.ResourceList(Registry, string.Empty, version),
            ["apis", var group] => DiscoveryDocuments.GroupDocument(Registry, group),
            ["apis", var group, var version] => DiscoveryDocuments.ResourceList(Registry, group, version),
            _ => null,
        };
        if (discovery is null)
        {
            if (segments is ["api", _] or ["apis", _] or ["apis", _, _])
            {
                throw NotFoundPath();
            }

            return false;
        }

        await ResponseWriter.WriteJsonAsync(context, 200, discovery, cancellationToken);
        return true;
    }

    private static async Task WriteOpenApiV2Async(HttpContext context, CancellationToken cancellationToken)
    {
        var accept = context.Request.Headers.Accept.ToString();
        if (accept.Contains("protobuf", StringComparison.Ordinal))
        {
            context.Response.StatusCode = 200;
            context.Response.ContentType = OpenApiDocuments.ProtobufV2ContentType;
            await context.Response.Body.WriteAsync(OpenApiDocuments.V2Protobuf(ServerVersion), cancellationToken);
            return;
        }

        await ResponseWriter.WriteJsonAsync(context, 200, OpenApiDocuments.V2Json(ServerVersion), cancellationToken);
    }

    private static JsonObject VersionDocument() => new()
    {
        ["major"] = "1",
        ["minor"] = "33",
        ["emulationMajor"] = "1",
        ["emulationMinor"] = "33",
        ["gitVersion"] = ServerVersion,
        ["gitCommit"] = "sandbox",
        ["gitTreeState"] = "clean",
        ["buildDate"] = "2025-01-01T00:00:00Z",
        ["goVersion"] = "go1.24",
        ["compiler"] = "gc",
        ["platform"] = "linux/amd64",
    };
}
