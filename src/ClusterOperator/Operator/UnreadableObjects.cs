using System.Collections.Concurrent;
using System.Text.Json;
using ClusterOperator.Api;
using ClusterOperator.Runtime;
using ClusterOperator.Runtime.Resilience;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace ClusterOperator.Operator;

/// <summary>
/// Runs and experiments the informers left out because they do not read as their type: each is logged once per
/// generation, and while this replica leads it is marked InvalidSpec (<see cref="UnreadableSpec"/>) so its author
/// learns why nothing happens. Every replica hears of them from its own informers, so a new leader marks what the
/// old one did not.
/// </summary>
internal sealed partial class UnreadableObjects(IKubernetes client, TimeProvider time, ILogger<UnreadableObjects> logger)
{
    private static readonly TimeSpan Period = TimeSpan.FromSeconds(1);

    // By uid: the latest unreadable version of each object, and its patch while one is still to be written.
    private readonly ConcurrentDictionary<string, Unreadable> _objects = new(StringComparer.Ordinal);

    /// <summary>Informer callback: never throws, whatever the object holds.</summary>
    public void Report(ApiResource resource, JsonElement obj, Exception error)
    {
        try
        {
            if (resource.Group != ApiGroup.Group || !obj.TryGetProperty("metadata", out var metadata)
                || Text(metadata, "uid") is not { } uid || Text(metadata, "name") is not { } name || Text(metadata, "namespace") is not { } ns)
            {
                return;
            }

            var message = UnreadableSpec.Message(obj, error);
            var next = new Unreadable(resource.Plural, ns, name, message, UnreadableSpec.StatusPatch(obj, message, time.GetUtcNow()));
            var previous = _objects.GetValueOrDefault(uid);
            _objects[uid] = next;
            if (previous?.Message != message)
            {
                LogUnreadable(logger, resource.ToString(), ns, name, message);
            }
        }
#pragma warning disable CA1031 // A hostile object must not stop the informer that reports it.
        catch (Exception e)
#pragma warning restore CA1031
        {
            LogReportFailed(logger, resource.ToString(), e);
        }
    }

    /// <summary>Writes the marks still to be written through the leader's <paramref name="api"/>, until the term ends.</summary>
    public async Task RunAsync(ResilientApi api, CancellationToken term)
    {
        try
        {
            while (!term.IsCancellationRequested)
            {
                foreach (var (uid, target) in _objects)
                {
                    if (target.Patch is { } patch && await MarkAsync(api, target, patch, term))
                    {
                        _objects.TryUpdate(uid, target with { Patch = null }, target);
                    }
                }

                await Task.Delay(Period, time, term);
            }
        }
        catch (OperationCanceledException) when (term.IsCancellationRequested)
        {
            // The term ended.
        }
        catch (NotLeaderException)
        {
            // Leadership is gone; the next term marks what is left.
        }
    }

    /// <summary>True when the object now carries the mark or is gone.</summary>
    private async Task<bool> MarkAsync(ResilientApi api, Unreadable target, string patch, CancellationToken term)
    {
        try
        {
            await api.WriteAsync("patch_status", c => client.CustomObjects.PatchNamespacedCustomObjectStatusAsync(
                new V1Patch(patch, V1Patch.PatchType.MergePatch), ApiGroup.Group, ApiGroup.Version, target.Namespace, target.Plural, target.Name, cancellationToken: c), term);
            return true;
        }
        catch (Exception e) when (KubernetesErrors.IsNotFound(e))
        {
            return true;
        }
        catch (Exception e) when (e is not (OperationCanceledException or NotLeaderException))
        {
            LogMarkFailed(logger, target.Plural, target.Namespace, target.Name, e);
            return false;
        }
    }

    private static string? Text(JsonElement element, string property) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Resource} {Namespace}/{Name} cannot be read and is left out: {Message}")]
    private static partial void LogUnreadable(ILogger logger, string resource, string @namespace, string name, string message);

    [LoggerMessage(Level = LogLevel.Warning, Message = "An unreadable {Resource} could not even be reported")]
    private static partial void LogReportFailed(ILogger logger, string resource, Exception error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Marking unreadable {Resource} {Namespace}/{Name} InvalidSpec failed; retrying")]
    private static partial void LogMarkFailed(ILogger logger, string resource, string @namespace, string name, Exception error);

    /// <summary>Where to write, what to say, and the patch still to be written (null once written or not needed).</summary>
    private sealed record Unreadable(string Plural, string Namespace, string Name, string Message, string? Patch);
}
