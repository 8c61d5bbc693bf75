using System.Net;
using k8s.Autorest;

namespace ClusterOperator.Runtime.Tests.Support;

/// <summary>The exceptions the generated client throws for failed calls.</summary>
public static class ApiFailures
{
    public static HttpOperationException Status(HttpStatusCode code, string? retryAfter = null, string body = "{}")
    {
        using var response = new HttpResponseMessage(code);
        if (retryAfter is not null)
        {
            response.Headers.TryAddWithoutValidation("Retry-After", retryAfter);
        }

        return new HttpOperationException($"Operation returned an invalid status code '{code}'")
        {
            Response = new HttpResponseMessageWrapper(response, body),
        };
    }

    public static HttpOperationException Conflict() =>
        Status(HttpStatusCode.Conflict, body: """{"kind":"Status","reason":"Conflict","code":409}""");
}
