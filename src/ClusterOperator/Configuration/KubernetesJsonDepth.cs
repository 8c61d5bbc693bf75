using k8s;

namespace ClusterOperator.Configuration;

/// <summary>
/// Raises KubernetesClient's JSON nesting limit from System.Text.Json's 64 to the API server's own order of magnitude.
/// The client parses a whole list or watch response at once, so one object nested deeper than the limit (a template
/// field that preserves unknown fields can hold anything) would otherwise fail every list of its kind, and stop the
/// operator for every other run. The client's options are process-wide and freeze on first use, so this runs before
/// any client is used.
/// </summary>
internal static class KubernetesJsonDepth
{
    /// <summary>The API server accepts JSON nested 10,000 deep; 1,000 covers any real manifest within a thread's stack.</summary>
    public const int MaxDepth = 1_000;

    private static readonly Lazy<bool> Raised = new(() =>
    {
        KubernetesJson.AddJsonOptions(options => options.MaxDepth = MaxDepth);
        return true;
    });

    /// <summary>Idempotent; throws if a client already used the options, which would leave the limit at 64.</summary>
    public static void Raise() => _ = Raised.Value;
}
