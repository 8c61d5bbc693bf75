using System.Globalization;
using System.Net;
using k8s;
using k8s.Autorest;

namespace ClusterOperator.Runtime.Resilience;

/// <summary>Reads the HTTP status and server hints out of the exceptions the generated client throws.</summary>
public static class KubernetesErrors
{
    /// <summary>The HTTP status of a failed API call, or null for failures that never got a response.</summary>
    public static HttpStatusCode? StatusCode(Exception exception) => exception switch
    {
        HttpOperationException { Response: { } response } => response.StatusCode,
        KubernetesException { Status.Code: { } code } => (HttpStatusCode)code,
        _ => null,
    };

    public static bool IsNotFound(Exception exception) => StatusCode(exception) == HttpStatusCode.NotFound;

    /// <summary>A write lost an optimistic-concurrency race (stale resourceVersion), or a create found the name taken: both are 409.</summary>
    public static bool IsConflict(Exception exception) => StatusCode(exception) == HttpStatusCode.Conflict;

    /// <summary>A create found the name taken. The server says AlreadyExists in the Status reason.</summary>
    public static bool IsAlreadyExists(Exception exception) =>
        IsConflict(exception) && exception is HttpOperationException { Response.Content: { } body }
        && body.Contains("\"AlreadyExists\"", StringComparison.Ordinal);

    /// <summary>The watch or list asked for a resourceVersion the server no longer keeps: 410 Gone, reason Expired.</summary>
    public static bool IsExpired(Exception exception) =>
        StatusCode(exception) == HttpStatusCode.Gone
        || exception is KubernetesException { Status.Reason: "Expired" or "Gone" };

    /// <summary>A failure that may pass on retry: 429, any 5xx, or no response at all (connection reset, timeout).</summary>
    public static bool IsTransient(Exception exception) => exception switch
    {
        HttpRequestException or IOException or TimeoutException or Polly.Timeout.TimeoutRejectedException => true,
        _ => StatusCode(exception) is { } code && (code == HttpStatusCode.TooManyRequests || (int)code >= 500),
    };

    /// <summary>A short label for metrics: the status code, or <c>timeout</c> / <c>network</c>.</summary>
    public static string Code(Exception exception) => exception switch
    {
        TimeoutException or Polly.Timeout.TimeoutRejectedException or TaskCanceledException => "timeout",
        _ => StatusCode(exception) is { } code ? ((int)code).ToString(CultureInfo.InvariantCulture) : "network",
    };

    /// <summary>How long the server asked us to wait, from the Retry-After header (seconds or HTTP date).</summary>
    public static TimeSpan? RetryAfter(Exception exception, DateTimeOffset now)
    {
        if (exception is not HttpOperationException { Response.Headers: { } headers }
            || !headers.TryGetValue("Retry-After", out var values))
        {
            return null;
        }

        var value = values.FirstOrDefault()?.Trim();
        if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            return TimeSpan.FromSeconds(seconds);
        }

        return DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date)
            ? (date > now ? date - now : TimeSpan.Zero)
            : null;
    }
}
