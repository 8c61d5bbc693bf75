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

    /// <summary>
    /// Warnings use the RFC 7234 form the API server sends: <c>299 - "text"</c>, a quoted-string in which the quote and
    /// the backslash are escaped but apostrophes are not (clients print the text as is).
    /// </summary>
    public static void AddWarnings(HttpContext context, IEnumerable<string> warnings)
    {
        foreach (var warning in warnings)
        {
            // Header values must be printable ASCII; anything else is escaped the way Go's strconv.Quote would.
            var quoted = string.Concat(warning.Select(c => c switch
            {
                '"' or '\\' => $"\\{c}",
                >= ' ' and <= '~' => c.ToString(),
                _ => $"\\u{(int)c:x4}",
            }));
            context.Response.Headers.Append("Warning", $"299 - \"{quoted}\"");
        }
    }
}
