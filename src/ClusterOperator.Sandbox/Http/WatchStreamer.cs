using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using ClusterOperator.Sandbox.Errors;
using ClusterOperator.Sandbox.Json;
using ClusterOperator.Sandbox.Server;
using ClusterOperator.Sandbox.Storage;
using Microsoft.AspNetCore.Http;

namespace ClusterOperator.Sandbox.Http;

/// <summary>
/// Streams a watch: one JSON line per event, flushed at once; bookmarks; a final bookmark before a timeout
/// closes the stream; and a 410 Expired ERROR event when the requested version has left the history.
/// </summary>
internal sealed class WatchStreamer
{
    /// <summary>Events a watcher may fall behind by before the server drops it.</summary>
    private const int WatcherCapacity = 100_000;

    private readonly ApiOperations _operations;
    private readonly SandboxFaults _faults;
    private readonly TimeProvider _time;

    public WatchStreamer(ApiOperations operations, SandboxFaults faults, TimeProvider time)
    {
        _operations = operations;
        _faults = faults;
        _time = time;
    }

    public async Task StreamAsync(HttpContext context, WatchRequest request, CancellationToken cancellationToken)
    {
        var definition = request.Definition;
        WatchSubscription subscription;
        try
        {
            subscription = _operations.Store.Watch(definition.Storage, request.Namespace, request.Predicate,
                request.SendInitialEvents ? null : request.FromResourceVersion, request.Bookmarks,
                request.SendInitialEvents, WatcherCapacity);
        }
        catch (ResourceExpiredException expired)
        {
            await StartStreamAsync(context, cancellationToken);
            var status = StatusBodies.Gone(expired.Message).ToStatus();
            await WriteLineAsync(context, "ERROR", JsonNodes.Serialize(status), cancellationToken);
            return;
        }

        using (subscription)
        {
            await StartStreamAsync(context, cancellationToken);
            var limit = request.Timeout;
            var forcedClose = false;
            if (_faults.WatchMaxSeconds is { } maxSeconds && TimeSpan.FromSeconds(maxSeconds) < limit)
            {
                limit = TimeSpan.FromSeconds(maxSeconds);
                forcedClose = true;
            }

            using var timeout = new CancellationTokenSource(limit, _time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
            try
            {
                while (await subscription.Reader.WaitToReadAsync(linked.Token))
                {
                    await DrainAsync(context, request, subscription, cancellationToken);
                }
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                if (forcedClose)
                {
                    _faults.CountClosedWatch();
                }

                if (request.Bookmarks)
                {
                    _operations.Store.SendBookmark(subscription);
                }

                await DrainAsync(context, request, subscription, cancellationToken);
            }
        }
    }

    private static async Task StartStreamAsync(HttpContext context, CancellationToken cancellationToken)
    {
        context.Response.StatusCode = 200;
        context.Response.ContentType = ResponseWriter.JsonContentType;
        context.Response.Headers.CacheControl = "no-cache, private";
        await context.Response.StartAsync(cancellationToken);
        await context.Response.Body.FlushAsync(cancellationToken);
    }

    private async Task DrainAsync(HttpContext context, WatchRequest request, WatchSubscription subscription,
        CancellationToken cancellationToken)
    {
        var buffer = new ArrayBufferWriter<byte>();
        while (subscription.Reader.TryRead(out var message))
        {
            AppendLine(buffer, message.Kind is WatchMessageKind.InitialEventsEnd ? "BOOKMARK" : message.TypeName,
                EventObject(request, message));
        }

        if (buffer.WrittenCount > 0)
        {
            await context.Response.Body.WriteAsync(buffer.WrittenMemory, cancellationToken);
            await context.Response.Body.FlushAsync(cancellationToken);
        }
    }

    private ReadOnlyMemory<byte> EventObject(WatchRequest request, WatchMessage message)
    {
        var definition = request.Definition;
        if (message.Object is null)
        {
            var metadata = new JsonObject
            {
                ["resourceVersion"] = message.ResourceVersion.ToString(CultureInfo.InvariantCulture),
            };
            if (message.Kind == WatchMessageKind.InitialEventsEnd)
            {
                metadata["annotations"] = new JsonObject { ["k8s.io/initial-events-end"] = "true" };
            }

            return JsonNodes.Serialize(new JsonObject
            {
                ["kind"] = definition.Kind,
                ["apiVersion"] = definition.ApiVersion,
                ["metadata"] = metadata,
            });
        }

        var served = _operations.Serve(definition, message.Object);
        if (request.Table)
        {
            var table = TableDocuments.Build(definition, [served],
                message.ResourceVersion.ToString(CultureInfo.InvariantCulture), null, request.IncludeObject, _time.GetUtcNow());
            return JsonNodes.Serialize(table);
        }

        return ReferenceEquals(served, message.Object.Object) ? message.Object.Json : JsonNodes.Serialize(served);
    }

    private static void AppendLine(ArrayBufferWriter<byte> buffer, string type, ReadOnlyMemory<byte> obj)
    {
        buffer.Write("{\"type\":\""u8);
        buffer.Write(Encoding.ASCII.GetBytes(type));
        buffer.Write("\",\"object\":"u8);
        buffer.Write(obj.Span);
        buffer.Write("}\n"u8);
    }

    private static async Task WriteLineAsync(HttpContext context, string type, ReadOnlyMemory<byte> obj,
        CancellationToken cancellationToken)
    {
        var buffer = new ArrayBufferWriter<byte>();
        AppendLine(buffer, type, obj);
        await context.Response.Body.WriteAsync(buffer.WrittenMemory, cancellationToken);
        await context.Response.Body.FlushAsync(cancellationToken);
    }
}
