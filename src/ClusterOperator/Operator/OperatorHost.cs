using ClusterOperator.Api;
using ClusterOperator.Api.Model;
using ClusterOperator.Observability;
using ClusterOperator.Runtime;
using ClusterOperator.Runtime.Controllers;
using ClusterOperator.Runtime.Health;
using ClusterOperator.Runtime.Informers;
using ClusterOperator.Runtime.Leadership;
using ClusterOperator.Runtime.Metrics;
using ClusterOperator.Runtime.Queueing;
using ClusterOperator.Runtime.Resilience;
using ClusterOperator.Sandbox.Http;
using ClusterOperator.Scheduler;
using ClusterOperator.Scheduling;
using k8s;
using k8s.Models;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Metrics;

namespace ClusterOperator.Operator;

/// <summary>
/// Composes the operator: informers that always run (so a standby's caches are warm), and controllers that run
/// only while this replica leads. Serves /healthz, /readyz and /metrics.
/// </summary>
internal sealed partial class OperatorHost(IKubernetes client, IConfiguration configuration, ILoggerFactory loggers, TimeProvider time)
{
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var options = Bind<OperatorOptions>("Operator");
        options.AllowPrivilegedPods |= configuration.GetValue<bool>("Security:AllowPrivilegedPods");
        var fairShare = Bind<FairShareOptions>("FairShare");
        var election = Bind<LeaderElectionOptions>("LeaderElection");
        election.Namespace = options.OperatorNamespace ?? InClusterNamespace() ?? election.Namespace;
        election.Validate();
        var logger = loggers.CreateLogger<OperatorHost>();

        using var metrics = new RuntimeMetrics();
        using var operatorMetrics = new OperatorMetrics(configuration.GetValue("Metrics:MaxOwners", 50));
        var unreadable = new UnreadableObjects(client, time, loggers.CreateLogger<UnreadableObjects>());
        var factory = new SharedInformerFactory(client, Bind<InformerOptions>("Informers"), metrics, time, loggers) { OnUnreadable = unreadable.Report };
        var caches = new OperatorCaches(factory, options.WatchNamespace);
        using var leader = new LeaderElectionService(client, election, time, loggers.CreateLogger<LeaderElectionService>());
        // A single replica may run without election: it then writes from the start, and no Lease is needed.
        var electing = configuration.GetValue("LeaderElection:Enabled", defaultValue: true);
        var resilient = new ResilientApi(electing ? leader : OpenWriteGate.Instance, Bind<ResilienceOptions>("Resilience"), metrics, time, loggers.CreateLogger<ResilientApi>());
        var api = new OperatorApi(client, resilient);
        var events = new EventRecorder(client, resilient, time, loggers.CreateLogger<EventRecorder>());
        var views = new SchedulingViews();
        var checks = new SpecChecks(options.AllowPrivilegedPods);
        var assumed = new AssumedBinds();
        var loop = new SchedulingLoop(
            caches,
            new SnapshotBuilder(checks.Errors, checks.Errors),
            assumed,
            new PlanApplier(caches, api, assumed, events, operatorMetrics, time, loggers.CreateLogger<PlanApplier>()),
            new SchedulerStateStore(client, resilient, election.Namespace),
            views,
            events,
            fairShare,
            options,
            operatorMetrics,
            time,
            loggers.CreateLogger<SchedulingLoop>());

        var queueOptions = Bind<WorkQueueOptions>("WorkQueue");
        using var runQueue = new WorkQueue<ObjectKey>("trainingrun", queueOptions, time, metrics);
        using var ideaQueue = new WorkQueue<ObjectKey>("ideaexperiment", queueOptions, time, metrics);
        using var roundQueue = new WorkQueue<ObjectKey>("scheduler", queueOptions, time, metrics);
        loop.RunQueue = runQueue;
        loop.IdeaQueue = ideaQueue;
        Wire(caches, checks, assumed, runQueue, ideaQueue, roundQueue, options.NodeLostAfter);

        var workers = new ControllerOptions { Workers = options.Workers };
        var controllers = new[]
        {
            new Controller("trainingrun", new TrainingRunReconciler(caches, api, checks, views, options, operatorMetrics, time, loggers.CreateLogger<TrainingRunReconciler>()), runQueue, workers, metrics, logger),
            new Controller("ideaexperiment", new IdeaReconciler(caches, api, checks, views, options, fairShare, operatorMetrics, time, loggers.CreateLogger<IdeaReconciler>()), ideaQueue, workers, metrics, logger),
            new Controller("scheduler", loop, roundQueue, new ControllerOptions { Workers = 1 }, metrics, logger),
        };

        await using var web = BuildWebApp(factory);
        await web.StartAsync(cancellationToken);
        var url = web.Urls.FirstOrDefault() ?? "";
        LogStarted(logger, url, election.Identity);

        var informing = factory.RunAsync(cancellationToken);
        var campaigning = electing ? leader.RunAsync(cancellationToken) : Task.CompletedTask;
        var leading = electing ? leader.RunWhileLeaderAsync(LeadAsync, cancellationToken) : LeadAsync(cancellationToken);
        await Task.WhenAll(informing, campaigning, leading);
        await web.StopAsync(CancellationToken.None);

        async Task LeadAsync(CancellationToken term)
        {
            await factory.WaitForSyncAsync(term);
            LogLeading(logger, election.Identity);

            // Everything is looked at once per term: a new leader trusts only what the API server holds.
            foreach (var run in caches.Runs.Cache.Keys())
            {
                runQueue.Add(run);
            }

            foreach (var idea in caches.Ideas.Cache.Keys())
            {
                ideaQueue.Add(idea);
            }

            roundQueue.Add(SchedulingLoop.RoundKey);
            operatorMetrics.Leading(true);
            try
            {
                await Task.WhenAll(controllers.Select(c => c.RunAsync(term)).Append(events.RunAsync(term)).Append(unreadable.RunAsync(resilient, term)));
            }
            finally
            {
                operatorMetrics.Leading(false);
                loop.Reset();
            }
        }
    }

    /// <summary>
    /// Every change wakes the object it concerns; only a change that can alter a plan (<see cref="SchedulingRelevance"/>)
    /// wakes the scheduler round, so status writes do not feed rounds back into themselves.
    /// </summary>
    private static void Wire(OperatorCaches caches, SpecChecks checks, AssumedBinds assumed, WorkQueue<ObjectKey> runs, WorkQueue<ObjectKey> ideas, WorkQueue<ObjectKey> rounds, TimeSpan nodeLostAfter)
    {
        static IEnumerable<ObjectKey> Round(object _) => [SchedulingLoop.RoundKey];
        caches.Runs.AddEventHandler(new EnqueueHandler<TrainingRun>(runs, r => [ObjectKey.From(r)]));
        // A run or experiment without pods is no workload yet; its pods' arrival starts the round that places them.
        caches.Runs.AddEventHandler(new EnqueueHandler<TrainingRun>(rounds, r => caches.PodsOf(r).Count > 0 ? Round(r) : [], SchedulingRelevance.Run));
        caches.Runs.AddEventHandler(new ForgetHandler<TrainingRun>(checks.Forget));
        caches.Ideas.AddEventHandler(new EnqueueHandler<IdeaExperiment>(ideas, i => [ObjectKey.From(i)]));
        caches.Ideas.AddEventHandler(new EnqueueHandler<IdeaExperiment>(rounds, i => caches.PodsOf(i).Count > 0 ? Round(i) : [], SchedulingRelevance.Idea));
        caches.Ideas.AddEventHandler(new ForgetHandler<IdeaExperiment>(checks.Forget));
        caches.Pods.AddEventHandler(new EnqueueHandler<V1Pod>(runs, p => Owners(p, TrainingRun.KubeKind)));
        caches.Pods.AddEventHandler(new EnqueueHandler<V1Pod>(ideas, p => Owners(p, IdeaExperiment.KubeKind)));
        caches.Pods.AddEventHandler(new EnqueueHandler<V1Pod>(rounds, Round, (old, now) => SchedulingRelevance.Pod(old, now, assumed)));

        // After the round's handler, which asks whether a bind only confirms an assumption before this settles it.
        caches.Pods.AddEventHandler(assumed);
        caches.Services.AddEventHandler(new EnqueueHandler<V1Service>(runs, s => s.Metadata.Labels?.ContainsKey(ApiGroup.RunLabel) == true ? [ObjectKey.From(s)] : []));
        caches.Nodes.AddEventHandler(new EnqueueHandler<V1Node>(rounds, Round, SchedulingRelevance.Node));
        caches.Nodes.AddEventHandler(new NodeLossHandler(caches, runs, ideas, nodeLostAfter));
    }

    private static IEnumerable<ObjectKey> Owners(V1Pod pod, string kind) =>
        pod.Metadata.OwnerReferences?.Where(o => o.Controller == true && o.Kind == kind)
            .Select(o => new ObjectKey(pod.Metadata.NamespaceProperty, o.Name)) ?? [];

    private WebApplication BuildWebApp(SharedInformerFactory factory)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<IHostLifetime, EmbeddedHostLifetime>();
        builder.WebHost.UseUrls(configuration["Metrics:Url"] ?? $"http://0.0.0.0:{configuration["Metrics:Port"] ?? "8080"}");
        builder.Services.AddSingleton(loggers);
        builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics.AddMeter(RuntimeMetrics.MeterName).AddPrometheusExporter());
        var app = builder.Build();
        app.MapRuntimeHealth(factory);
        app.MapPrometheusScrapingEndpoint();
        return app;
    }

    private T Bind<T>(string section)
        where T : new()
    {
        var value = new T();
        configuration.GetSection(section).Bind(value);
        return value;
    }

    private static string? InClusterNamespace()
    {
        const string path = "/var/run/secrets/kubernetes.io/serviceaccount/namespace";
        return File.Exists(path) ? File.ReadAllText(path).Trim() : null;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Operator serving probes on {Url} as {Identity}")]
    private static partial void LogStarted(ILogger logger, string url, string identity);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Identity} leads: controllers and the scheduler loop run")]
    private static partial void LogLeading(ILogger logger, string identity);
}
