using System.Security.Cryptography;
using System.Text;
using ClusterOperator.Sandbox.Admission;
using ClusterOperator.Sandbox.Errors;
using Microsoft.AspNetCore.Http;

namespace ClusterOperator.Sandbox.Http;

/// <summary>
/// Every request must carry one of the sandbox's bearer tokens; anything else is 401, as on a real API server. The
/// token names the user, whom admission and the request audit see.
/// </summary>
internal sealed class AuthenticationMiddleware(IReadOnlyDictionary<string, RequestUser> usersByToken)
{
    private readonly IReadOnlyList<(byte[] Expected, RequestUser User)> _credentials = usersByToken
        .Select(pair => (Encoding.UTF8.GetBytes("Bearer " + pair.Key), pair.Value))
        .ToList();

    public static RequestUser? UserOf(HttpContext context) => context.Items[typeof(RequestUser)] as RequestUser;

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        var presented = Encoding.UTF8.GetBytes(context.Request.Headers.Authorization.ToString());
        RequestUser? user = null;
        // Compare against every credential, so the time taken does not tell which token was close.
        foreach (var (expected, candidate) in _credentials)
        {
            if (CryptographicOperations.FixedTimeEquals(presented, expected))
            {
                user = candidate;
            }
        }

        if (user is null)
        {
            await ResponseWriter.WriteErrorAsync(context, new ApiException(401, "Unauthorized", "Unauthorized"),
                context.RequestAborted);
            return;
        }

        context.Items[typeof(RequestUser)] = user;
        await next(context);
    }
}
