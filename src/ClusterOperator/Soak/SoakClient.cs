using System.Net;
using System.Text.Json;
using ClusterOperator.Api;
using ClusterOperator.Api.Model;
using k8s;
using k8s.Autorest;

namespace ClusterOperator.Soak;

/// <summary>
/// The soak's own calls to the sandbox. The sandbox faults every client alike, so each call is retried on 500,
/// 429 and dropped connections; an injected fault is answered before the request is served, so a retried create
/// cannot have happened already, and a 409 would be a real conflict.
/// </summary>
internal sealed class SoakClient(IKubernetes client)
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(100);

    public Task CreateAsync(PlannedRun run, CancellationToken ct) => RetryAsync(async () =>
    {
        var plural = run.Kind == RunKind.Idea ? IdeaExperiment.Plural : TrainingRun.Plural;
        await client.CustomObjects.CreateNamespacedCustomObjectAsync(run.Manifest(), ApiGroup.Group, ApiGroup.Version, PlannedRun.Namespace, plural, cancellationToken: ct);
        return true;
    }, ct);

    /// <summary>The identity holding the operator's Lease now, or null when there is none or nobody holds it.</summary>
    public Task<string?> LeaseHolderAsync(CancellationToken ct) => RetryAsync(async () =>
    {
        try
        {
            var lease = await client.CoordinationV1.ReadNamespacedLeaseAsync(SoakSettings.LeaseName, PlannedRun.Namespace, cancellationToken: ct);
            return string.IsNullOrEmpty(lease.Spec?.HolderIdentity) ? null : lease.Spec.HolderIdentity;
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }, ct);

    /// <summary>The phase of every TrainingRun and IdeaExperiment in the soak namespace, by name (null before the first status).</summary>
    public async Task<IReadOnlyDictionary<string, string?>> PhasesAsync(CancellationToken ct)
    {
        var phases = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var plural in new[] { TrainingRun.Plural, IdeaExperiment.Plural })
        {
            var list = await RetryAsync(async () => (JsonElement)await client.CustomObjects.ListNamespacedCustomObjectAsync(
                ApiGroup.Group, ApiGroup.Version, PlannedRun.Namespace, plural, cancellationToken: ct), ct);
            foreach (var item in list.GetProperty("items").EnumerateArray())
            {
                var name = item.GetProperty("metadata").GetProperty("name").GetString()!;
                phases[name] = item.TryGetProperty("status", out var status) && status.TryGetProperty("phase", out var phase) ? phase.GetString() : null;
            }
        }

        return phases;
    }

    private static async Task<T> RetryAsync<T>(Func<Task<T>> call, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await call();
            }
            catch (Exception e) when (attempt < 100 && IsTransient(e) && !ct.IsCancellationRequested)
            {
                await Task.Delay(RetryDelay, ct);
            }
        }
    }

    private static bool IsTransient(Exception e) => e switch
    {
        HttpOperationException http => http.Response.StatusCode is HttpStatusCode.InternalServerError or HttpStatusCode.TooManyRequests
            or HttpStatusCode.ServiceUnavailable,
        HttpRequestException or IOException => true,
        _ => false,
    };
}
