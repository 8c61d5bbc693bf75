using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using k8s;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ClusterOperator.Runtime.Tests.Support;

/// <summary>
/// A minimal Kubernetes API server on Kestrel (127.0.0.1, ephemeral port) for the few integration tests that need
/// control the sandbox does not offer: failing one lease holder's writes, holding lists back, exact fault
/// sequences, a request log. Generic objects for any <c>/api/v1</c> or <c>/apis/{group}/{version}</c> resource;
/// list, watch (resume from a resourceVersion, timeoutSeconds, bookmarks on demand), get, create, replace with
/// optimistic concurrency; equality label selectors. Everything else runs against ClusterOperator.Sandbox.
/// </summary>
public sealed class FakeApiServer : IAsyncDisposable
{
    private readonly Lock _gate = new();
    private readonly Dictionary<(string Resource, string Namespace, string Name), JsonObject> _objects = [];
    private readonly List<StoredEvent> _history = [];
    private readonly List<Watcher> _watchers = [];
    private readonly List<string> _requests = [];
    private readonly Queue<(HttpStatusCode Code, string? RetryAfter)> _faults = new();
    private readonly WebApplication _app;
    private long _resourceVersion;

    private FakeApiServer(WebApplication app)
    {
        _app = app;
    }

    public Uri BaseUri { get; private set; } = null!;

    /// <summary>Lease holders whose writes fail with 500, to cut a leader off from the API.</summary>
    public HashSet<string> BlockedLeaseHolders { get; } = [];

    /// <summary>While set, list requests wait for it to complete.</summary>
    public TaskCompletionSource? HoldLists { get; set; }

    /// <summary>Every request, as "METHOD path?query".</summary>
    public IReadOnlyList<string> Requests
    {
        get
        {
            lock (_gate)
            {
                return [.. _requests];
            }
        }
    }

    public static async Task<FakeApiServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var server = new FakeApiServer(app);
        app.Run(server.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseUri = new Uri(address);
        return server;
    }

    public Kubernetes CreateClient() => new(new KubernetesClientConfiguration { Host = BaseUri.ToString() });

    /// <summary>Creates or replaces an object as a test fixture, bumping its resourceVersion.</summary>
    public string Put(string resource, object obj)
    {
        var json = JsonNode.Parse(KubernetesJson.Serialize(obj))!.AsObject();
        lock (_gate)
        {
            var key = Key(resource, json);
            var type = _objects.ContainsKey(key) ? "MODIFIED" : "ADDED";
            return StoreLocked(resource, key, json, type);
        }
    }

    public T? Get<T>(string resource, string ns, string name)
        where T : class
    {
        lock (_gate)
        {
            return _objects.TryGetValue((resource, ns, name), out var json) ? KubernetesJson.Deserialize<T>(json.ToJsonString()) : null;
        }
    }

    /// <summary>The next <paramref name="count"/> requests fail with <paramref name="code"/>.</summary>
    public void FailNext(int count, HttpStatusCode code, string? retryAfter = null)
    {
        lock (_gate)
        {
            for (var i = 0; i < count; i++)
            {
                _faults.Enqueue((code, retryAfter));
            }
        }
    }

    /// <summary>Ends every open watch, as an API server does when it restarts or a watch times out.</summary>
    public void CloseWatches()
    {
        lock (_gate)
        {
            foreach (var watcher in _watchers)
            {
                watcher.Lines.Writer.TryComplete();
            }

            _watchers.Clear();
        }
    }

    /// <summary>Sends a BOOKMARK with the current resourceVersion to every open watch.</summary>
    public void SendBookmarks()
    {
        lock (_gate)
        {
            var bookmark = Line("BOOKMARK", new JsonObject { ["metadata"] = new JsonObject { ["resourceVersion"] = Rv(_resourceVersion) } });
            foreach (var watcher in _watchers)
            {
                watcher.Lines.Writer.TryWrite(bookmark);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        CloseWatches();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private static string Rv(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Line(string type, JsonNode obj) => new JsonObject { ["type"] = type, ["object"] = obj.DeepClone() }.ToJsonString() + "\n";

    private static (string Resource, string Namespace, string Name) Key(string resource, JsonObject obj) =>
        (resource, (string?)obj["metadata"]?["namespace"] ?? "", (string?)obj["metadata"]?["name"] ?? "");

    private static bool Matches(JsonObject obj, string? ns, string? labelSelector)
    {
        if (ns is not null && (string?)obj["metadata"]?["namespace"] != ns)
        {
            return false;
        }

        if (string.IsNullOrEmpty(labelSelector))
        {
            return true;
        }

        var labels = obj["metadata"]?["labels"] as JsonObject;
        return labelSelector.Split(',').All(term =>
        {
            var parts = term.Split('=', 2);
            return labels?[parts[0]] is JsonValue v && (string?)v == parts[1];
        });
    }

    private static async Task WriteStatusAsync(HttpContext http, HttpStatusCode code, string reason, string? retryAfter = null)
    {
        http.Response.StatusCode = (int)code;
        if (retryAfter is not null)
        {
            http.Response.Headers.RetryAfter = retryAfter;
        }

        http.Response.ContentType = "application/json";
        await http.Response.WriteAsync(Status((int)code, reason).ToJsonString());
    }

    private static JsonObject Status(int code, string reason) =>
        new() { ["kind"] = "Status", ["apiVersion"] = "v1", ["status"] = "Failure", ["reason"] = reason, ["code"] = code, ["message"] = reason };

    private string StoreLocked(string resource, (string, string, string) key, JsonObject json, string type)
    {
        var rv = Rv(++_resourceVersion);
        var metadata = json["metadata"]!.AsObject();
        metadata["resourceVersion"] = rv;
        metadata["uid"] ??= Guid.NewGuid().ToString();
        _objects[key] = json;
        RecordLocked(resource, type, json);
        return rv;
    }

    private void RecordLocked(string resource, string type, JsonObject json)
    {
        _history.Add(new StoredEvent(_resourceVersion, resource, type, json.DeepClone().AsObject()));

        var line = Line(type, json);
        foreach (var watcher in _watchers.Where(w => w.Resource == resource && Matches(json, w.Namespace, w.LabelSelector)))
        {
            watcher.Lines.Writer.TryWrite(line);
        }
    }

    private async Task HandleAsync(HttpContext http)
    {
        var request = http.Request;
        (HttpStatusCode Code, string? RetryAfter)? fault = null;
        lock (_gate)
        {
            _requests.Add($"{request.Method} {request.Path}{request.QueryString}");
            if (_faults.TryDequeue(out var f))
            {
                fault = f;
            }
        }

        if (fault is { } injected)
        {
            await WriteStatusAsync(http, injected.Code, "Injected", injected.RetryAfter);
            return;
        }

        // /api/v1/[namespaces/{ns}/]{resource}[/{name}] or /apis/{group}/{version}/...
        var segments = request.Path.Value!.Trim('/').Split('/');
        var rest = segments[0] == "api" ? segments[2..] : segments[3..];
        string? ns = null;
        if (rest.Length >= 3 && rest[0] == "namespaces")
        {
            ns = rest[1];
            rest = rest[2..];
        }

        var resource = rest[0];
        var name = rest.Length > 1 ? rest[1] : null;
        switch (request.Method, name)
        {
            case ("GET", null) when request.Query["watch"] == "true":
                await WatchAsync(http, resource, ns);
                break;
            case ("GET", null):
                await ListAsync(http, resource, ns);
                break;
            case ("GET", not null):
                await GetAsync(http, resource, ns ?? "", name);
                break;
            case ("POST", null):
                await CreateAsync(http, resource);
                break;
            case ("PUT", not null):
                await ReplaceAsync(http, resource, ns ?? "", name);
                break;
            default:
                await WriteStatusAsync(http, HttpStatusCode.MethodNotAllowed, "MethodNotAllowed");
                break;
        }
    }

    private async Task ListAsync(HttpContext http, string resource, string? ns)
    {
        if (HoldLists is { } hold)
        {
            await hold.Task;
        }

        string body;
        lock (_gate)
        {
            var items = new JsonArray([.. _objects
                .Where(o => o.Key.Resource == resource && Matches(o.Value, ns, http.Request.Query["labelSelector"]))
                .Select(o => (JsonNode)o.Value.DeepClone())]);
            body = new JsonObject { ["apiVersion"] = "v1", ["kind"] = "List", ["metadata"] = new JsonObject { ["resourceVersion"] = Rv(_resourceVersion) }, ["items"] = items }.ToJsonString();
        }

        http.Response.ContentType = "application/json";
        await http.Response.WriteAsync(body);
    }

    private async Task WatchAsync(HttpContext http, string resource, string? ns)
    {
        var from = long.Parse(http.Request.Query["resourceVersion"].FirstOrDefault() is { Length: > 0 } rv ? rv : "0", CultureInfo.InvariantCulture);
        var timeout = int.TryParse(http.Request.Query["timeoutSeconds"], out var seconds) ? TimeSpan.FromSeconds(seconds) : TimeSpan.FromMinutes(30);
        var watcher = new Watcher(resource, ns, http.Request.Query["labelSelector"], Channel.CreateUnbounded<string>());
        lock (_gate)
        {
            foreach (var evt in _history.Where(e => e.ResourceVersion > from && e.Resource == resource && Matches(e.Object, ns, watcher.LabelSelector)))
            {
                watcher.Lines.Writer.TryWrite(Line(evt.Type, evt.Object));
            }

            _watchers.Add(watcher);
        }

        http.Response.ContentType = "application/json";
        await http.Response.Body.FlushAsync();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted);
        deadline.CancelAfter(timeout);
        try
        {
            await foreach (var line in watcher.Lines.Reader.ReadAllAsync(deadline.Token))
            {
                await http.Response.WriteAsync(line, deadline.Token);
                await http.Response.Body.FlushAsync(deadline.Token);
            }
        }
        catch (OperationCanceledException)
        {
            // Timed out or the client went away: the watch just ends.
        }
        finally
        {
            lock (_gate)
            {
                _watchers.Remove(watcher);
            }
        }
    }

    private async Task GetAsync(HttpContext http, string resource, string ns, string name)
    {
        string? body;
        lock (_gate)
        {
            body = _objects.TryGetValue((resource, ns, name), out var obj) ? obj.ToJsonString() : null;
        }

        if (body is null)
        {
            await WriteStatusAsync(http, HttpStatusCode.NotFound, "NotFound");
            return;
        }

        http.Response.ContentType = "application/json";
        await http.Response.WriteAsync(body);
    }

    private async Task CreateAsync(HttpContext http, string resource)
    {
        var json = (await JsonNode.ParseAsync(http.Request.Body))!.AsObject();
        string body;
        lock (_gate)
        {
            var key = Key(resource, json);
            if (_objects.ContainsKey(key))
            {
                body = string.Empty;
            }
            else
            {
                StoreLocked(resource, key, json, "ADDED");
                body = json.ToJsonString();
            }
        }

        if (body.Length == 0)
        {
            await WriteStatusAsync(http, HttpStatusCode.Conflict, "AlreadyExists");
            return;
        }

        http.Response.StatusCode = StatusCodes.Status201Created;
        http.Response.ContentType = "application/json";
        await http.Response.WriteAsync(body);
    }

    private async Task ReplaceAsync(HttpContext http, string resource, string ns, string name)
    {
        var json = (await JsonNode.ParseAsync(http.Request.Body))!.AsObject();
        if ((string?)json["spec"]?["holderIdentity"] is { } holder && BlockedLeaseHolders.Contains(holder))
        {
            await WriteStatusAsync(http, HttpStatusCode.InternalServerError, "InternalError");
            return;
        }

        HttpStatusCode? refusal = null;
        string body = string.Empty;
        lock (_gate)
        {
            if (!_objects.TryGetValue((resource, ns, name), out var current))
            {
                refusal = HttpStatusCode.NotFound;
            }
            else if ((string?)json["metadata"]?["resourceVersion"] != (string?)current["metadata"]!["resourceVersion"])
            {
                refusal = HttpStatusCode.Conflict;
            }
            else
            {
                StoreLocked(resource, (resource, ns, name), json, "MODIFIED");
                body = json.ToJsonString();
            }
        }

        if (refusal is { } code)
        {
            await WriteStatusAsync(http, code, code == HttpStatusCode.Conflict ? "Conflict" : "NotFound");
            return;
        }

        http.Response.ContentType = "application/json";
        await http.Response.WriteAsync(body);
    }

    private sealed record StoredEvent(long ResourceVersion, string Resource, string Type, JsonObject Object);

    private sealed record Watcher(string Resource, string? Namespace, string? LabelSelector, Channel<string> Lines);
}
