using ClusterOperator.Runtime.Resilience;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace ClusterOperator.Operator;

/// <summary>
/// Records Kubernetes Events on our objects (Scheduled, Waiting, Reclaiming, Preempted), so <c>kubectl describe</c>
/// tells a run's story. Events are best effort: a failure to record one never fails a reconcile.
/// </summary>
internal sealed partial class EventRecorder(IKubernetes client, ResilientApi api, TimeProvider time, ILogger<EventRecorder> logger)
{
    public const string Component = "clusteroperator";

    public async Task RecordAsync(IKubernetesObject<V1ObjectMeta> subject, string reason, string message, CancellationToken ct, bool warning = false)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var ns = subject.Metadata.NamespaceProperty ?? "default";
        var record = new Corev1Event
        {
            Metadata = new V1ObjectMeta { Name = $"{subject.Metadata.Name}.{Guid.NewGuid():N}"[..Math.Min(253, subject.Metadata.Name.Length + 33)], NamespaceProperty = ns },
            InvolvedObject = new V1ObjectReference
            {
                ApiVersion = subject.ApiVersion,
                Kind = subject.Kind,
                Name = subject.Metadata.Name,
                NamespaceProperty = ns,
                Uid = subject.Metadata.Uid,
                ResourceVersion = subject.Metadata.ResourceVersion,
            },
            Reason = reason,
            Message = message.Length > 1024 ? message[..1024] : message,
            Type = warning ? "Warning" : "Normal",
            Count = 1,
            FirstTimestamp = now,
            LastTimestamp = now,
            Source = new V1EventSource { Component = Component },
            ReportingComponent = Component,
        };
        try
        {
            await api.WriteAsync("create_event", c => client.CoreV1.CreateNamespacedEventAsync(record, ns, cancellationToken: c), ct);
        }
        catch (Exception e) when (e is not OperationCanceledException and not NotLeaderException)
        {
            LogEventFailed(logger, reason, subject.Metadata.Name, e.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Could not record event {Reason} on {Name}: {Error}")]
    private static partial void LogEventFailed(ILogger logger, string reason, string name, string error);
}
