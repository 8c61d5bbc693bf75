using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using System.Text.Json.Nodes;
using ClusterOperator.Sandbox.Admission;
using ClusterOperator.Sandbox.Controllers;
using ClusterOperator.Sandbox.Http;
using ClusterOperator.Sandbox.Json;
using ClusterOperator.Sandbox.Kubelet;
using ClusterOperator.Sandbox.Resources;
using ClusterOperator.Sandbox.Server;
using ClusterOperator.Sandbox.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ClusterOperator.Sandbox;

/// <summary>
/// An embedded Kubernetes API server on 127.0.0.1 with simulated GPU nodes. Start it, point any Kubernetes
/// client at <see cref="BaseUri"/> with <see cref="Token"/> (or at the written kubeconfig), and dispose it to stop.
/// </summary>
public sealed partial class SandboxHost : IAsyncDisposable
{
    /// <summary>The user the administrator token (<see cref="Token"/>) authenticates as.</summary>
    public const string AdminUser = "sandbox-admin";

    private static readonly GroupResource Crds = new("apiextensions.k8s.io", "customresourcedefinitions");

    private readonly SandboxOptions _options;
    private readonly TimeProvider _time;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;
    private readonly ObjectStore _store;
    private readonly ApiOperations _operations;
    private readonly Lock _eventLogGate = new();
    private readonly List<SandboxEvent> _eventLog = [];
    private readonly List<SimulatedNode> _nodes;
    private readonly SandboxCertificates _certificates = SandboxCertificates.Create();
    private WebApplication? _app;
    private GarbageCollector? _garbageCollector;
    private NamespaceController? _namespaceController;
    private KubeletSimulator? _kubelet;
    private ITimer? _bookmarks;
    private RequestAuditMiddleware? _audit;

    public SandboxHost(SandboxOptions options, TimeProvider? timeProvider = null, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegative(options.Nodes);
        ArgumentOutOfRangeException.ThrowIfNegative(options.GpusPerNode);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Racks, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.History, 1);
        _options = options;
        _time = timeProvider ?? TimeProvider.System;
        _loggerFactory = loggerFactory ?? NullLoggerFactory.Instance;
        _logger = _loggerFactory.CreateLogger<SandboxHost>();
        Token = options.Token ?? Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        if (options.Users.Any(user => string.IsNullOrEmpty(user.Key) || user.Key == AdminUser || string.IsNullOrEmpty(user.Value)) ||
            options.Users.Values.Append(Token).Distinct(StringComparer.Ordinal).Count() != options.Users.Count + 1)
        {
            throw new ArgumentException($"every extra user needs a name other than {AdminUser} and a token of its own", nameof(options));
        }

        Faults = new SandboxFaults(options.FaultRate, options.WatchMaxSeconds, options.FaultSeed);
        _store = new ObjectStore(options.History, options.RecordEventLog ? Record : null);
        _operations = new ApiOperations(_store, new ResourceRegistry(BuiltInResources.Create()), _time);
        _nodes = Enumerable.Range(0, options.Nodes).Select(index => new SimulatedNode(
            $"node-{index}", index, options.GpusPerNode, options.GpuType, options.CpuPerNode, options.MemoryPerNode,
            $"rack-{index * options.Racks / Math.Max(1, options.Nodes)}", "zone-a")).ToList();
    }

    /// <summary>The server's address, e.g. https://127.0.0.1:41234/ (valid after <see cref="StartAsync"/>).</summary>
    public Uri BaseUri { get; private set; } = new("https://127.0.0.1/");

    /// <summary>The certificate authority that signed the serving certificate; clients must trust it.</summary>
    public X509Certificate2 CertificateAuthority => _certificates.Authority;

    /// <summary>Whether a presented server certificate chains to <see cref="CertificateAuthority"/>: the check a raw HTTPS client makes.</summary>
    public bool IssuedServerCertificate(X509Certificate? certificate)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(CertificateAuthority);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return certificate is X509Certificate2 presented && chain.Build(presented);
    }

    /// <summary>The same authority in PEM form, as a kubeconfig's certificate-authority-data carries it.</summary>
    public string CertificateAuthorityPem => _certificates.AuthorityPem;

    /// <summary>The bearer token every request must carry.</summary>
    public string Token { get; }

    /// <summary>The absolute path of the written kubeconfig, or null when none was requested.</summary>
    public string? KubeconfigPath { get; private set; }

    public IReadOnlyList<string> NodeNames => _nodes.Select(n => n.Name).ToList();

    /// <summary>Fault injection knobs, adjustable while running.</summary>
    public SandboxFaults Faults { get; }

    /// <summary>The current global resourceVersion.</summary>
    public long ResourceVersion => _store.ResourceVersion;

    /// <summary>Watches currently registered (HTTP watches plus the sandbox's own controllers).</summary>
    public int WatchCount => _store.WatchCount;

    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (_app is not null)
        {
            throw new InvalidOperationException("the sandbox is already started");
        }

        _garbageCollector = new GarbageCollector(_operations, _loggerFactory.CreateLogger<GarbageCollector>());
        _namespaceController = new NamespaceController(_operations, _loggerFactory.CreateLogger<NamespaceController>());
        _kubelet = new KubeletSimulator(_operations, _nodes, _time, _options.PodStartupDelay,
            _loggerFactory.CreateLogger<KubeletSimulator>());
        _garbageCollector.Start();
        _namespaceController.Start();
        Bootstrap();
        _kubelet.Start();

        _app = BuildApplication();
        await _app.StartAsync(cancellationToken);
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseUri = new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal).TrimEnd('/') + "/");
        _bookmarks = _time.CreateTimer(static state => ((ObjectStore)state!).SendBookmarks(), _store,
            _options.BookmarkInterval, _options.BookmarkInterval);
        if (_options.KubeconfigPath is { } path)
        {
            KubeconfigPath = await KubeconfigWriter.WriteAsync(path, BaseUri, Token, _options.Users.ToList(), CertificateAuthorityPem,
                cancellationToken);
        }

        LogStarted(_logger, BaseUri, _nodes.Count, _options.GpusPerNode);
    }

    /// <summary>Injects a node fault: the node turns NotReady (unreachable taints, its pods not ready, its kubelet silent), or recovers.</summary>
    public void SetNodeReady(string nodeName, bool ready)
    {
        RequireStarted().SetNodeReady(nodeName, ready);
        LogNodeReadiness(_logger, nodeName, ready);
    }

    public bool IsNodeReady(string nodeName) => RequireStarted().IsNodeReady(nodeName);

    /// <summary>
    /// Creates or replaces CustomResourceDefinitions from YAML or JSON (multi-document allowed); their resources
    /// are served as soon as this returns. Returns the CRD names.
    /// </summary>
    public IReadOnlyList<string> ApplyCustomResourceDefinitions(string manifests)
    {
        var definition = _operations.Registry.StorageDefinition(Crds)!;
        var names = new List<string>();
        foreach (var document in YamlJson.ParseDocuments(manifests).OfType<JsonObject>())
        {
            if (JsonNodes.GetString(document, "kind") != "CustomResourceDefinition")
            {
                throw new ArgumentException($"expected CustomResourceDefinition documents, found {JsonNodes.GetString(document, "kind")}",
                    nameof(manifests));
            }

            var name = JsonNodes.GetString(document, "metadata", "name") ?? string.Empty;
            var context = _operations.SystemContext();
            if (_store.Get(Crds, string.Empty, name) is null)
            {
                _operations.Create(definition, string.Empty, document, context);
            }
            else
            {
                _operations.Replace(definition, string.Empty, name, document, null, context);
            }

            names.Add(name);
        }

        return names;
    }

    /// <summary>Every committed change so far, oldest first (requires <see cref="SandboxOptions.RecordEventLog"/>).</summary>
    public IReadOnlyList<SandboxEvent> EventLog()
    {
        if (!_options.RecordEventLog)
        {
            throw new InvalidOperationException("the event log is off; set SandboxOptions.RecordEventLog");
        }

        lock (_eventLogGate)
        {
            return _eventLog.ToList();
        }
    }

    /// <summary>
    /// Every authenticated request so far, oldest first, with its user and RBAC verb (requires
    /// <see cref="SandboxOptions.RecordRequests"/>).
    /// </summary>
    public IReadOnlyList<SandboxRequest> RequestLog() =>
        _audit?.Requests() ?? throw new InvalidOperationException(
            _options.RecordRequests ? "the sandbox is not started" : "the request log is off; set SandboxOptions.RecordRequests");

    /// <summary>Drops the watch history, so every watch resuming from an older version gets 410 Expired.</summary>
    public void CompactWatchHistory() => _store.CompactHistory();

    public async ValueTask DisposeAsync()
    {
        _bookmarks?.Dispose();
        _store.CloseAllWatches();
        if (_app is not null)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await _app.StopAsync(timeout.Token);
            await _app.DisposeAsync();
        }

        foreach (var controller in new IAsyncDisposable?[] { _kubelet, _namespaceController, _garbageCollector })
        {
            if (controller is not null)
            {
                await controller.DisposeAsync();
            }
        }

        _certificates.Dispose();
    }

    private KubeletSimulator RequireStarted() =>
        _kubelet ?? throw new InvalidOperationException("the sandbox is not started");

    private void Bootstrap()
    {
        var namespaces = _operations.Registry.StorageDefinition(ApiOperations.Namespaces)!;
        foreach (var name in new[] { "default", "kube-system", "kube-public", "kube-node-lease" })
        {
            _operations.Create(namespaces, string.Empty, new JsonObject
            {
                ["apiVersion"] = "v1",
                ["kind"] = "Namespace",
                ["metadata"] = new JsonObject { ["name"] = name },
            }, _operations.SystemContext());
        }

        foreach (var manifests in _options.CustomResourceDefinitions)
        {
            ApplyCustomResourceDefinitions(manifests);
        }
    }

    private WebApplication BuildApplication()
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        // ASP.NET Core's own request logging stays off; the sandbox logs what matters through its own loggers.
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<IHostLifetime, EmbeddedHostLifetime>();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, _options.Port, listen => listen.UseHttps(_certificates.Server));
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = 16 * 1024 * 1024;
        });
        var app = builder.Build();
        var authentication = new AuthenticationMiddleware(UsersByToken());
        var faults = new FaultInjectionMiddleware(Faults, _options.FaultExemptUsers.ToHashSet(StringComparer.Ordinal));
        var handler = new ApiHandler(_operations, new WatchStreamer(_operations, Faults, _time), _time,
            _loggerFactory.CreateLogger<ApiHandler>());
        app.Use(authentication.InvokeAsync);
        if (_options.RecordRequests)
        {
            _audit = new RequestAuditMiddleware();
            app.Use(_audit.InvokeAsync);
        }

        app.Use(faults.InvokeAsync);
        app.Run(handler.HandleAsync);
        return app;
    }

    /// <summary>Groups as a real cluster gives them: the admin is in system:masters, service accounts in their own groups.</summary>
    private Dictionary<string, RequestUser> UsersByToken()
    {
        var users = new Dictionary<string, RequestUser>(StringComparer.Ordinal)
        {
            [Token] = new RequestUser(AdminUser, ["system:masters", "system:authenticated"]),
        };
        foreach (var (name, token) in _options.Users)
        {
            List<string> groups = name.Split(':') is ["system", "serviceaccount", var ns, _]
                ? ["system:serviceaccounts", $"system:serviceaccounts:{ns}", "system:authenticated"]
                : ["system:authenticated"];
            users[token] = new RequestUser(name, groups);
        }

        return users;
    }

    private void Record(StoreEvent change)
    {
        var entry = new SandboxEvent(change.ResourceVersion, change.TypeName, change.Resource.Group, change.Resource.Resource,
            change.Object.Namespace, change.Object.Name, _time.GetUtcNow(),
            JsonSerializer.Deserialize<JsonElement>(change.Object.Json, JsonNodes.Options));
        lock (_eventLogGate)
        {
            _eventLog.Add(entry);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Sandbox API server listening on {BaseUri} with {Nodes} nodes of {Gpus} GPUs")]
    private static partial void LogStarted(ILogger logger, Uri baseUri, int nodes, int gpus);

    [LoggerMessage(Level = LogLevel.Information, Message = "Node {Node} ready: {Ready}")]
    private static partial void LogNodeReadiness(ILogger logger, string node, bool ready);
}
