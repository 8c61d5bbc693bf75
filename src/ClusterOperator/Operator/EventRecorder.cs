using System.Threading.Channels;
using ClusterOperator.Runtime.Resilience;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace ClusterOperator.Operator;

/// <summary>
/// Records Kubernetes Events on our objects (Scheduled, Waiting, Reclaiming, Preempted), so <c>kubectl describe</c>
/// tells a run's story. Events are best effort: <see cref="Record"/> only queues one, and writers drain the queue
/// on the side, so a round or a reconcile never waits for an event; when the queue is full, new events are dropped.
/// </summary>
internal sealed partial class EventRecorder(IKubernetes client, ResilientApi api, TimeProvider time, ILogger<EventRecorder> logger)
{
    public const string Component = "clusteroperator";
    private const int Capacity = 10_000;
    private const int Writers = 4;

    private readonly Channel<Corev1Event> _pending = Channel.CreateBounded<Corev1Event>(
        new BoundedChannelOptions(Capacity) { FullMode = BoundedChannelFullMode.DropWrite });

    public void Record(IKubernetesObject<V1ObjectMeta> subject, string reason, string message, bool warning = false)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var ns = subject.Metadata.NamespaceProperty ?? "default";
        _pending.Writer.TryWrite(new Corev1Event
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
        });
    }

    /// <summary>Writes queued events until cancelled (the end of a term); what is left is written in the next one.</summary>
    public Task RunAsync(CancellationToken cancellationToken) =>
        Task.WhenAll(Enumerable.Range(0, Writers).Select(_ => Task.Run(() => DrainAsync(cancellationToken), CancellationToken.None)));

    private async Task DrainAsync(CancellationToken ct)
    {
        try
        {
            await foreach (var record in _pending.Reader.ReadAllAsync(ct))
            {
                await WriteAsync(record, ct);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The term ended.
        }
    }

    private async Task WriteAsync(Corev1Event record, CancellationToken ct)
    {
        try
        {
            await api.WriteAsync("create_event", c => client.CoreV1.CreateNamespacedEventAsync(record, record.Metadata.NamespaceProperty, cancellationToken: c), ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogEventFailed(logger, record.Reason, record.InvolvedObject.Name, e.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Could not record event {Reason} on {Name}: {Error}")]
    private static partial void LogEventFailed(ILogger logger, string reason, string name, string error);
}
