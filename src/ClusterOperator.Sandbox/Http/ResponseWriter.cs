using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using ClusterOperator.Sandbox.Errors;
using ClusterOperator.Sandbox.Json;
using Microsoft.AspNetCore.Http;

namespace ClusterOperator.Sandbox.Http;

/// <summary>Writes JSON bodies, Status errors and Warning headers.</summary>
internal static class ResponseWriter
{
    public const string JsonContentType = "application/json";

    public static async Task WriteJsonAsync(HttpContext context, int statusCode, JsonNode body, CancellationToken cancellationToken)
    {
        context.Response.StatusCode = statusCode;
        context.Response.ContentType = JsonContentType;
        await context.Response.Body.WriteAsync(JsonNodes.Serialize(body), cancellationToken);
    }

    public static async Task WriteBytesAsync(HttpContext context, int statusCode, ReadOnlyMemory<byte> body,
        CancellationToken cancellationToken)
    {
        context.Response.StatusCode = statusCode;
        context.Response.ContentType = JsonContentType;
        await context.Response.Body.WriteAsync(body, cancellationToken);
    }

    public static Task WriteErrorAsync(HttpContext context, ApiException error, CancellationToken cancellationToken)
    {
        if (error.RetryAfterSeconds is { } seconds)
        {
            context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        }

        return WriteJsonAsync(context, error.Code, error.ToStatus(), cancellationToken);
    }

    /// <summary>Warnings use the RFC 7234 form the API server sends: <c>299 - "text"</c>.</summary>
    public static void AddWarnings(HttpContext context, IEnumerable<string> warnings)
    {
        foreach (var warning in warnings)
        {
            context.Response.Headers.Append("Warning", $"299 - {JsonSerializer.Serialize(warning)}");
        }
    }
}
