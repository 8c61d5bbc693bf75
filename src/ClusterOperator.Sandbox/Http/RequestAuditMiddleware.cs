using ClusterOperator.Sandbox.Admission;
using Microsoft.AspNetCore.Http;

namespace ClusterOperator.Sandbox.Http;

/// <summary>
/// Records every authenticated request with its user and RBAC verb, like an API server's audit log at Metadata level.
/// An entry is written when the request arrives (code 0) and gets its status code when the answer is complete, so a
/// long watch is listed where it began.
/// </summary>
internal sealed class RequestAuditMiddleware
{
    private readonly Lock _gate = new();
    private readonly List<SandboxRequest> _requests = [];

    public IReadOnlyList<SandboxRequest> Requests()
    {
        lock (_gate)
        {
            return _requests.ToList();
        }
    }

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        var entry = Describe(context.Request, AuthenticationMiddleware.UserOf(context));
        int index;
        lock (_gate)
        {
            index = _requests.Count;
            _requests.Add(entry);
        }

        try
        {
            await next(context);
        }
        finally
        {
            lock (_gate)
            {
                _requests[index] = entry with { Code = context.Response.StatusCode };
            }
        }
    }

    private static SandboxRequest Describe(HttpRequest request, RequestUser? user)
    {
        var path = request.Path.Value ?? "/";
        var userName = user?.Name ?? string.Empty;
        if (ApiPath.Parse(path) is not { } api)
        {
            return new SandboxRequest(userName, request.Method.ToLowerInvariant(), string.Empty, string.Empty, string.Empty,
                string.Empty, string.Empty, path, 0);
        }

        var isCollection = api.Name is null;
        var verb = request.Method switch
        {
            "GET" or "HEAD" when api.WatchPrefix || request.Query["watch"] is ["true" or "1" or "True"] => "watch",
            "GET" or "HEAD" => isCollection ? "list" : "get",
            "POST" => "create",
            "PUT" => "update",
            "PATCH" => "patch",
            "DELETE" => isCollection ? "deletecollection" : "delete",
            var other => other.ToLowerInvariant(),
        };
        return new SandboxRequest(userName, verb, api.Group, api.Resource, api.Subresource ?? string.Empty,
            api.Namespace ?? string.Empty, api.Name ?? string.Empty, path, 0);
    }
}
