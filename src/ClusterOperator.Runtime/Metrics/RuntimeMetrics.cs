using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace ClusterOperator.Runtime.Metrics;

/// <summary>
/// The runtime's instruments on the <c>ClusterOperator</c> meter. The exporter (wired elsewhere) only has to add the
/// meter; the Prometheus exporter turns <c>clusteroperator.reconcile</c> into <c>clusteroperator_reconcile_total</c>.
/// </summary>
public sealed class RuntimeMetrics : IDisposable
{
    public const string MeterName = "ClusterOperator";
    public const string ApiRetriesName = "clusteroperator.api_retries";
    public const string WatchRestartsName = "clusteroperator.watch_restarts";
    public const string WorkQueueDepthName = "clusteroperator.workqueue_depth";
    public const string ReconcilesName = "clusteroperator.reconcile";

    private readonly Counter<long> _apiRetries;
    private readonly Counter<long> _watchRestarts;
    private readonly Counter<long> _reconciles;
    private readonly ConcurrentDictionary<string, Func<int>> _queues = new(StringComparer.Ordinal);
    private readonly bool _ownsMeter;

    /// <param name="meterFactory">Creates the meter when the host uses DI metrics; without one the meter is owned here.</param>
    public RuntimeMetrics(IMeterFactory? meterFactory = null)
    {
        _ownsMeter = meterFactory is null;
        Meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        _apiRetries = Meter.CreateCounter<long>(ApiRetriesName, description: "API calls retried, by verb and status code (or timeout/network).");
        _watchRestarts = Meter.CreateCounter<long>(WatchRestartsName, description: "Watches restarted, by resource.");
        _reconciles = Meter.CreateCounter<long>(ReconcilesName, description: "Reconciles finished, by controller and result.");
        Meter.CreateObservableGauge(WorkQueueDepthName, ObserveQueues, description: "Keys waiting in a controller's work queue.");
    }

    /// <summary>The meter; tests listen to it, the host exports it.</summary>
    public Meter Meter { get; }

    public void ApiRetry(string verb, string code) =>
        _apiRetries.Add(1, new("verb", verb), new("code", code));

    public void WatchRestart(string resource) =>
        _watchRestarts.Add(1, new KeyValuePair<string, object?>("resource", resource));

    public void Reconciled(string controller, string result) =>
        _reconciles.Add(1, new("controller", controller), new("result", result));

    /// <summary>Reports a queue's depth under <c>workqueue_depth{controller=name}</c> until the returned handle is disposed.</summary>
    public IDisposable RegisterQueue(string controller, Func<int> depth)
    {
        _queues[controller] = depth;
        return new Registration(() => _queues.TryRemove(controller, out _));
    }

    public void Dispose()
    {
        if (_ownsMeter)
        {
            Meter.Dispose();
        }
    }

    private IEnumerable<Measurement<int>> ObserveQueues() =>
        _queues.Select(q => new Measurement<int>(q.Value(), new KeyValuePair<string, object?>("controller", q.Key)));

    private sealed class Registration(Action remove) : IDisposable
    {
        public void Dispose() => remove();
    }
}
