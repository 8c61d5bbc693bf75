using ClusterOperator.Runtime.Informers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace ClusterOperator.Runtime.Health;

/// <summary>Kubernetes probes for the operator process.</summary>
public static class HealthEndpointExtensions
{
    /// <summary>
    /// Maps <c>/healthz</c> (the process serves requests) and <c>/readyz</c> (every informer of
    /// <paramref name="informers"/> has synced; until then 503 names the ones still listing).
    /// </summary>
    public static IEndpointRouteBuilder MapRuntimeHealth(this IEndpointRouteBuilder endpoints, SharedInformerFactory informers)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(informers);
        endpoints.MapGet("/healthz", () => Results.Text("ok"));
        endpoints.MapGet("/readyz", () =>
        {
            var pending = informers.Informers.Where(i => !i.HasSynced).Select(i => i.Description).ToList();
            return pending.Count == 0
                ? Results.Text("ok")
                : Results.Text($"waiting for caches to sync: {string.Join(", ", pending)}", statusCode: StatusCodes.Status503ServiceUnavailable);
        });
        return endpoints;
    }
}
