using System.Text.Json.Nodes;
using ClusterOperator.Sandbox.Errors;
using Microsoft.AspNetCore.Http;

namespace ClusterOperator.Sandbox.Http;

/// <summary>
/// Fails a configured fraction of API requests with 500, or with 429 and Retry-After, before serving them; requests of
/// exempt users are always served.
/// </summary>
internal sealed class FaultInjectionMiddleware(SandboxFaults faults, IReadOnlySet<string> exemptUsers)
{
    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        var path = context.Request.Path.Value ?? string.Empty;
        var isApi = path.StartsWith("/api/", StringComparison.Ordinal) || path.StartsWith("/apis/", StringComparison.Ordinal);
        var exempt = AuthenticationMiddleware.UserOf(context) is { } user && exemptUsers.Contains(user.Name);
        switch (isApi && !exempt ? faults.NextFault() : null)
        {
            case 429:
                await ResponseWriter.WriteErrorAsync(context,
                    new ApiException(429, "TooManyRequests", "the server has received too many requests and has asked us to try again later",
                        new JsonObject { ["retryAfterSeconds"] = 1 }, retryAfterSeconds: 1),
                    context.RequestAborted);
                return;
            case 500:
                await ResponseWriter.WriteErrorAsync(context,
                    StatusBodies.Internal("Internal error occurred: injected fault"), context.RequestAborted);
                return;
            default:
                await next(context);
                return;
        }
    }
}
