using System.Security.Cryptography;
using System.Text;
using ClusterOperator.Sandbox.Errors;
using Microsoft.AspNetCore.Http;

namespace ClusterOperator.Sandbox.Http;

/// <summary>Every request must carry the sandbox's bearer token; anything else is 401, as on a real API server.</summary>
internal sealed class AuthenticationMiddleware(string token)
{
    private readonly byte[] _expected = Encoding.UTF8.GetBytes("Bearer " + token);

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        var presented = Encoding.UTF8.GetBytes(context.Request.Headers.Authorization.ToString());
        if (!CryptographicOperations.FixedTimeEquals(presented, _expected))
        {
            await ResponseWriter.WriteErrorAsync(context, new ApiException(401, "Unauthorized", "Unauthorized"),
                context.RequestAborted);
            return;
        }

        await next(context);
    }
}
