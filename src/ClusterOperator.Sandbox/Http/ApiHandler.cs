using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ClusterOperator.Sandbox.Errors;
using ClusterOperator.Sandbox.Json;
using ClusterOperator.Sandbox.Protobuf;
using ClusterOperator.Sandbox.Resources;
using ClusterOperator.Sandbox.Server;
using ClusterOperator.Sandbox.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace ClusterOperator.Sandbox.Http;

/// <summary>
/// The HTTP front end of the API server: routes a resource URL to the operation for its verb, negotiates
/// JSON or Table output, and turns failures into Status bodies.
/// </summary>
internal sealed partial class ApiHandler
{
    public const string ServerVersion = "v1.33.0-sandbox";

    /// <summary>Objects larger than this are refused, as etcd refuses requests over 3 MiB.</summary>
    private const int MaxBodyBytes = 3 * 1024 * 1024;

    private static readonly TimeSpan DefaultWatchTimeout = TimeSpan.FromMinutes(30);

    private readonly ApiOperations _operations;
    private readonly WatchStreamer _watches;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public ApiHandler(ApiOperations operations, WatchStreamer watches, TimeProvider time, ILogger logger)
    {
        _operations = operations;
        _watches = watches;
        _time = time;
        _logger = logger;
    }

    private ResourceRegistry Registry => _operations.Registry;

    public async Task HandleAsync(HttpContext context)
    {
        var cancellationToken = context.RequestAborted;
        try
        {
            await DispatchAsync(context, cancellationToken);
        }
        catch (ApiException error) when (!context.Response.HasStarted)
        {
            await ResponseWriter.WriteErrorAsync(context, error, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The client went away; nothing to answer.
        }
        catch (Exception exception) when (exception is not OperationCanceledException && !context.Response.HasStarted)
        {
            // A bug in the sandbox must still look like an API server error to the client.
            LogUnexpectedFailure(_logger, context.Request.Method, context.Request.Path.Value ?? "/", exception);
            await ResponseWriter.WriteErrorAsync(context, StatusBodies.Internal(exception.Message), cancellationToken);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Unexpected failure serving {Method} {Path}")]
    private static partial void LogUnexpectedFailure(ILogger logger, string method, string path, Exception exception);

    private async Task DispatchAsync(HttpContext context, CancellationToken cancellationToken)
    {
        var path = context.Request.Path.Value ?? "/";
        if (await TryServeNonResourceAsync(context, path, cancellationToken))
        {
            return;
        }

        var apiPath = ApiPath.Parse(path) ?? throw NotFoundPath();
        var definition = Registry.Find(apiPath.Group, apiPath.Version, apiPath.Resource) ?? throw NotFoundPath();
        if ((apiPath.Namespace is not null && !definition.Namespaced) ||
            (apiPath.Subresource is not null && definition.Subresources.All(s => s.Name != apiPath.Subresource)))
        {
            throw NotFoundPath();
        }

        var ns = apiPath.Namespace ?? string.Empty;
        if (definition.Namespaced && apiPath.Namespace is null && (apiPath.Name is not null || !IsRead(context.Request.Method)))
        {
            throw NotFoundPath();
        }

        var method = context.Request.Method;
        if (apiPath.Name is null)
        {
            await HandleCollectionAsync(context, definition, apiPath, method, cancellationToken);
        }
        else
        {
            await HandleItemAsync(context, definition, ns, apiPath.Name, apiPath.Subresource, method, cancellationToken);
        }
    }

    private async Task HandleCollectionAsync(HttpContext context, ResourceDefinition definition, ApiPath apiPath,
        string method, CancellationToken cancellationToken)
    {
        var query = context.Request.Query;
        switch (method)
        {
            case "GET" when apiPath.WatchPrefix || IsTrue(query["watch"]):
                RequireVerb(definition, "watch");
                await _watches.StreamAsync(context, WatchRequestFor(context, definition, apiPath.Namespace), cancellationToken);
                return;
            case "GET":
                RequireVerb(definition, "list");
                await ListAsync(context, definition, apiPath.Namespace, cancellationToken);
                return;
            case "POST" when definition is { Group: "", Resource: "bindings" }:
                {
                    var binding = await ReadObjectAsync(context, cancellationToken);
                    var podName = JsonNodes.GetString(binding, "metadata", "name") ?? throw StatusBodies.BadRequest("binding has no name");
                    _operations.Bind(apiPath.Namespace ?? string.Empty, podName, binding, Context(context));
                    await ResponseWriter.WriteJsonAsync(context, 201, StatusBodies.Success(podName, string.Empty, "pods", string.Empty),
                        cancellationToken);
                    return;
                }

            case "POST":
                {
                    RequireVerb(definition, "create");
                    var body = await ReadObjectAsync(context, cancellationToken);
                    var operationContext = Context(context);
                    var created = _operations.Create(definition, apiPath.Namespace ?? string.Empty, body, operationContext);
                    await WriteObjectAsync(context, 201, definition, created, operationContext, cancellationToken);
                    return;
                }

            case "DELETE":
                {
                    RequireVerb(definition, "deletecollection");
                    var request = await DeleteRequestAsync(context, cancellationToken);
                    var operationContext = Context(context);
                    var deleted = _operations.DeleteCollection(definition, apiPath.Namespace,
                        ApiOperations.Predicate(definition, query["labelSelector"], query["fieldSelector"]), request, operationContext);
                    await WriteListAsync(context, definition, deleted, _operations.Store.ResourceVersion, null, 0, cancellationToken);
                    return;
                }

            default:
                throw StatusBodies.MethodNotAllowed($"the server does not allow this method on the requested resource");
        }
    }

    private async Task HandleItemAsync(HttpContext context, ResourceDefinition definition, string ns, string name,
        string? subresource, string method, CancellationToken cancellationToken)
    {
        switch (method, subresource)
        {
            case ("POST", "binding"):
                {
                    var binding = await ReadObjectAsync(context, cancellationToken);
                    _operations.Bind(ns, name, binding, Context(context));
                    await ResponseWriter.WriteJsonAsync(context, 201, StatusBodies.Success(name, string.Empty, "pods", string.Empty),
                        cancellationToken);
                    return;
                }

            case ("POST", "eviction"):
                {
                    var eviction = await ReadObjectAsync(context, cancellationToken);
                    _operations.Evict(ns, name, eviction, Context(context));
                    await ResponseWriter.WriteJsonAsync(context, 201, StatusBodies.Success(name, string.Empty, "pods", string.Empty),
                        cancellationToken);
                    return;
                }

            case ("GET", null or "status"):
                {
                    RequireVerb(definition, "get");
                    var found = _operations.Get(definition, ns, name);
                    await WriteObjectAsync(context, 200, definition, found, null, cancellationToken);
                    return;
                }

            case ("PUT", "finalize"):
                {
                    var body = await ReadObjectAsync(context, cancellationToken);
                    var finalizers = JsonNodes.GetArray(body, "spec", "finalizers")?.DeepClone();
                    var updated = _operations.Mutate(definition.Storage, ns, name, null, obj =>
                    {
                        JsonNodes.Ensure(obj, "spec")["finalizers"] = finalizers ?? new JsonArray();
                        return true;
                    }) ?? throw StatusBodies.NotFound(definition.QualifiedResource, definition.Group, definition.Resource, name);
                    await WriteObjectAsync(context, 200, definition, updated, null, cancellationToken);
                    return;
                }

            case ("PUT", null or "status"):
                {
                    RequireVerb(definition, "update");
                    var body = await ReadObjectAsync(context, cancellationToken);
                    var operationContext = Context(context);
                    var updated = _operations.Replace(definition, ns, name, body, subresource, operationContext);
                    await WriteObjectAsync(context, 200, definition, updated, operationContext, cancellationToken);
                    return;
                }

            case ("PATCH", null or "status"):
                {
                    RequireVerb(definition, "patch");
                    var type = PatchTypeOf(context.Request.ContentType);
                    var body = await ReadBodyAsync(context, cancellationToken);
                    var operationContext = Context(context);
                    var (patched, created) = _operations.Patch(definition, ns, name, type, body, subresource, operationContext);
                    await WriteObjectAsync(context, created ? 201 : 200, definition, patched, operationContext, cancellationToken);
                    return;
                }

            case ("DELETE", null):
                {
                    RequireVerb(definition, "delete");
                    var request = await DeleteRequestAsync(context, cancellationToken);
                    var operationContext = Context(context);
                    var outcome = _operations.Delete(definition, ns, name, request, operationContext);
                    if (outcome.Deleted && !definition.ReturnsDeletedObject)
                    {
                        await ResponseWriter.WriteJsonAsync(context, 200,
                            StatusBodies.Success(name, definition.Group, definition.Resource, outcome.Object.Uid), cancellationToken);
                        return;
                    }

                    await WriteObjectAsync(context, 200, definition, outcome.Object, operationContext, cancellationToken);
                    return;
                }

            default:
                throw StatusBodies.MethodNotAllowed("the server does not allow this method on the requested resource");
        }
    }

    private async Task ListAsync(HttpContext context, ResourceDefinition definition, string? ns, CancellationToken cancellationToken)
    {
        var query = context.Request.Query;
        var predicate = ApiOperations.Predicate(definition, query["labelSelector"], query["fieldSelector"]);
        var (items, resourceVersion) = _operations.List(definition, ns, predicate);
        IEnumerable<StoredObject> page = items;
        if (ContinueToken.Decode(query["continue"]) is { } start)
        {
            page = page.Where(item => string.CompareOrdinal(ObjectStore.Key(item.Namespace, item.Name), start) > 0);
        }

        var remaining = page.ToList();
        string? next = null;
        var remainingCount = 0;
        if (int.TryParse(query["limit"], CultureInfo.InvariantCulture, out var limit) && limit > 0 && remaining.Count > limit)
        {
            remainingCount = remaining.Count - limit;
            remaining = remaining.Take(limit).ToList();
            var last = remaining[^1];
            next = ContinueToken.Encode(ObjectStore.Key(last.Namespace, last.Name), resourceVersion);
        }

        if (TableDocuments.Wanted(context.Request.Headers.Accept))
        {
            var table = TableDocuments.Build(definition, remaining.Select(item => _operations.Serve(definition, item)),
                resourceVersion.ToString(CultureInfo.InvariantCulture), next, query["includeObject"], _time.GetUtcNow());
            await ResponseWriter.WriteJsonAsync(context, 200, table, cancellationToken);
            return;
        }

        await WriteListAsync(context, definition, remaining, resourceVersion, next, remainingCount, cancellationToken);
    }

    private async Task WriteListAsync(HttpContext context, ResourceDefinition definition, IReadOnlyList<StoredObject> items,
        long resourceVersion, string? continueToken, int remainingCount, CancellationToken cancellationToken)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, JsonNodes.WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("kind", definition.ListKind);
            writer.WriteString("apiVersion", definition.ApiVersion);
            writer.WriteStartObject("metadata");
            writer.WriteString("resourceVersion", resourceVersion.ToString(CultureInfo.InvariantCulture));
            if (continueToken is not null)
            {
                writer.WriteString("continue", continueToken);
                writer.WriteNumber("remainingItemCount", remainingCount);
            }

            writer.WriteEndObject();
            writer.WriteStartArray("items");
            foreach (var item in items)
            {
                writer.WriteRawValue(Bytes(definition, item).Span, skipInputValidation: true);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        await ResponseWriter.WriteBytesAsync(context, 200, buffer.WrittenMemory, cancellationToken);
    }

    private async Task WriteObjectAsync(HttpContext context, int statusCode, ResourceDefinition definition, StoredObject stored,
        OperationContext? operationContext, CancellationToken cancellationToken)
    {
        if (operationContext is not null)
        {
            ResponseWriter.AddWarnings(context, operationContext.Warnings);
        }

        if (TableDocuments.Wanted(context.Request.Headers.Accept))
        {
            var table = TableDocuments.Build(definition, [_operations.Serve(definition, stored)],
                stored.ResourceVersion.ToString(CultureInfo.InvariantCulture), null, context.Request.Query["includeObject"],
                _time.GetUtcNow());
            await ResponseWriter.WriteJsonAsync(context, statusCode, table, cancellationToken);
            return;
        }

        await ResponseWriter.WriteBytesAsync(context, statusCode, Bytes(definition, stored), cancellationToken);
    }

    private ReadOnlyMemory<byte> Bytes(ResourceDefinition definition, StoredObject stored)
    {
        var served = _operations.Serve(definition, stored);
        return ReferenceEquals(served, stored.Object) ? stored.Json : JsonNodes.Serialize(served);
    }

    private static WatchRequest WatchRequestFor(HttpContext context, ResourceDefinition definition, string? ns)
    {
        var query = context.Request.Query;
        long? from = null;
        var resourceVersion = query["resourceVersion"].ToString();
        if (resourceVersion.Length > 0 && resourceVersion != "0")
        {
            from = long.TryParse(resourceVersion, CultureInfo.InvariantCulture, out var parsed)
                ? parsed
                : throw StatusBodies.BadRequest($"invalid resource version: {resourceVersion}");
        }

        var timeout = DefaultWatchTimeout;
        if (int.TryParse(query["timeoutSeconds"], CultureInfo.InvariantCulture, out var seconds) && seconds > 0)
        {
            timeout = TimeSpan.FromSeconds(seconds);
        }

        var bookmarks = IsTrue(query["allowWatchBookmarks"]);
        return new WatchRequest(
            definition,
            ns,
            ApiOperations.Predicate(definition, query["labelSelector"], query["fieldSelector"]),
            from,
            bookmarks,
            IsTrue(query["sendInitialEvents"]) && bookmarks,
            timeout,
            TableDocuments.Wanted(context.Request.Headers.Accept),
            query["includeObject"]);
    }

    private OperationContext Context(HttpContext context)
    {
        var query = context.Request.Query;
        var validation = query["fieldValidation"].ToString() switch
        {
            "Strict" => FieldValidationMode.Strict,
            "Ignore" => FieldValidationMode.Ignore,
            "Warn" or "" => FieldValidationMode.Warn,
            var other => throw StatusBodies.BadRequest(
                $"fieldValidation parameter unsupported: {other}; valid values are Ignore, Warn, Strict"),
        };
        return new OperationContext
        {
            Now = _time.GetUtcNow(),
            FieldValidation = validation,
            DryRun = query["dryRun"].ToString() == "All",
            FieldManager = query["fieldManager"].ToString() is { Length: > 0 } manager ? manager : null,
            Force = IsTrue(query["force"]),
            User = AuthenticationMiddleware.UserOf(context),
        };
    }

    private static async Task<DeleteRequest> DeleteRequestAsync(HttpContext context, CancellationToken cancellationToken)
    {
        var query = context.Request.Query;
        JsonObject? options = null;
        if (KubernetesProtobuf.IsProtobuf(context.Request.ContentType))
        {
            var bytes = await ReadBytesAsync(context, cancellationToken);
            options = bytes.Length > 0 ? KubernetesProtobuf.Decode(bytes) : null;
        }
        else
        {
            var body = await ReadBodyAsync(context, cancellationToken);
            options = body.Trim().Length > 0 ? ParseObject(body) : null;
        }

        long? grace = long.TryParse(query["gracePeriodSeconds"], CultureInfo.InvariantCulture, out var queryGrace)
            ? queryGrace
            : JsonNodes.GetInt64(options, "gracePeriodSeconds");
        var policy = query["propagationPolicy"].ToString() is { Length: > 0 } queryPolicy
            ? queryPolicy
            : JsonNodes.GetString(options, "propagationPolicy");
        if (policy is null && (IsTrue(query["orphanDependents"]) || JsonNodes.GetBoolean(options, "orphanDependents") == true))
        {
            policy = "Orphan";
        }

        return new DeleteRequest(grace, policy, JsonNodes.GetString(options, "preconditions", "uid"),
            JsonNodes.GetString(options, "preconditions", "resourceVersion"));
    }

    private static PatchType PatchTypeOf(string? contentType)
    {
        var mediaType = contentType?.Split(';')[0].Trim().ToLowerInvariant();
        return mediaType switch
        {
            "application/json-patch+json" => PatchType.Json,
            "application/merge-patch+json" => PatchType.Merge,
            "application/strategic-merge-patch+json" => PatchType.StrategicMerge,
            "application/apply-patch+yaml" => PatchType.Apply,
            _ => throw StatusBodies.UnsupportedMediaType($"the body of the request was in an unknown format - accepted media types include: " +
                                                         "application/json-patch+json, application/merge-patch+json, " +
                                                         "application/apply-patch+yaml, application/strategic-merge-patch+json"),
        };
    }

    private static async Task<JsonObject> ReadObjectAsync(HttpContext context, CancellationToken cancellationToken)
    {
        if (KubernetesProtobuf.IsProtobuf(context.Request.ContentType))
        {
            return KubernetesProtobuf.Decode(await ReadBytesAsync(context, cancellationToken));
        }

        var mediaType = context.Request.ContentType?.Split(';')[0].Trim().ToLowerInvariant();
        if (mediaType is not (null or "" or "application/json" or "application/yaml" or "*/*"))
        {
            throw StatusBodies.UnsupportedMediaType(
                $"the body of the request was in an unknown format - accepted media types include: application/json, application/yaml");
        }

        var body = await ReadBodyAsync(context, cancellationToken);
        return mediaType == "application/yaml"
            ? YamlObject(body)
            : ParseObject(body);
    }

    private static JsonObject YamlObject(string body)
    {
        try
        {
            return YamlJson.ParseSingle(body) as JsonObject ?? throw StatusBodies.BadRequest("the request body is not an object");
        }
        catch (FormatException exception)
        {
            throw StatusBodies.BadRequest(exception.Message);
        }
    }

    private static JsonObject ParseObject(string body)
    {
        try
        {
            return RequestJson.Parse(body) as JsonObject ?? throw StatusBodies.BadRequest("the request body is not a JSON object");
        }
        catch (JsonException exception)
        {
            throw StatusBodies.BadRequest($"couldn't get version/kind; json parse error: {exception.Message}");
        }
    }

    private static async Task<string> ReadBodyAsync(HttpContext context, CancellationToken cancellationToken) =>
        Encoding.UTF8.GetString(await ReadBytesAsync(context, cancellationToken));

    private static async Task<byte[]> ReadBytesAsync(HttpContext context, CancellationToken cancellationToken)
    {
        if (context.Request.ContentLength > MaxBodyBytes)
        {
            throw TooLarge();
        }

        using var memory = new MemoryStream();
        var buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            int read;
            while ((read = await context.Request.Body.ReadAsync(buffer, cancellationToken)) > 0)
            {
                memory.Write(buffer, 0, read);
                if (memory.Length > MaxBodyBytes)
                {
                    throw TooLarge();
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        return memory.ToArray();
    }

    private static ApiException TooLarge() =>
        new(413, "RequestEntityTooLarge", $"Request entity too large: limit is {MaxBodyBytes}");

    private static bool IsRead(string method) => method is "GET" or "HEAD";

    private static bool IsTrue(string? value) => value is "true" or "1" or "True";

    private static void RequireVerb(ResourceDefinition definition, string verb)
    {
        if (!definition.Supports(verb))
        {
            throw StatusBodies.MethodNotAllowed($"the server does not allow this method on the requested resource");
        }
    }

    private static ApiException NotFoundPath() =>
        new(404, "NotFound", "the server could not find the requested resource", new JsonObject());
}
