using System.Diagnostics.Metrics;
using ClusterOperator.Runtime.Metrics;

namespace ClusterOperator.Observability;

/// <summary>
/// The operator's instruments, on the same <c>ClusterOperator</c> meter as the runtime's. Gauges read the last
/// scheduling round's <see cref="RoundFigures"/>; the exporter names them <c>clusteroperator_…</c>.
/// </summary>
internal sealed class OperatorMetrics : IDisposable
{
    private static readonly double[] SecondsBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800, 3600];
    private readonly Meter _meter = new(RuntimeMetrics.MeterName);
    private readonly Histogram<double> _wait;
    private readonly Histogram<double> _bindLatency;
    private readonly Histogram<double> _planDuration;
    private readonly Counter<long> _preemptions;
    private readonly Counter<long> _reclaimedGpus;
    private volatile Lazy<RoundFigures> _round = new(RoundFigures.Empty);
    private volatile bool _leader;

    public OperatorMetrics(int maxOwners)
    {
        MaxOwners = maxOwners;
        _wait = Histogram("clusteroperator.wait", "From a run's submission until all its pods are bound, by kind.");
        _bindLatency = Histogram("clusteroperator.bind_latency", "From a pod's creation until it is bound.");
        _planDuration = Histogram("clusteroperator.plan_duration", "Time one scheduling round spends in the core's Plan.");
        _preemptions = _meter.CreateCounter<long>("clusteroperator.preemptions", description: "Evictions of runs or replicas to reclaim GPUs, by reason.");
        _reclaimedGpus = _meter.CreateCounter<long>("clusteroperator.reclaimed_gpus", description: "GPUs reclaimed from over-share runs.");
        _meter.CreateObservableGauge("clusteroperator.gpus_capacity", () => _round.Value.Capacity.Select(c => Measure(c.Value, "gpu_type", c.Key)), description: "Allocatable GPUs of ready nodes, by GPU type.");
        _meter.CreateObservableGauge("clusteroperator.gpus_allocated", () => _round.Value.Allocated.Select(a => Measure(a.Value, "owner", a.Key)), description: "GPUs held, by owner.");
        _meter.CreateObservableGauge("clusteroperator.gpus_fair_share", () => _round.Value.FairShare.Select(a => Measure(a.Value, "owner", a.Key)), description: "Fair share of GPUs, by owner.");
        _meter.CreateObservableGauge("clusteroperator.runs", () => _round.Value.Runs.Select(r => new Measurement<long>(r.Value, new("kind", r.Key.Kind), new("phase", r.Key.Phase))), description: "Runs and experiments, by kind and phase.");
        _meter.CreateObservableGauge("clusteroperator.pending_runs", () => _round.Value.PendingByReason.Select(p => Measure(p.Value, "reason", p.Key)), description: "Pending workloads, by waiting reason.");
        _meter.CreateObservableGauge("clusteroperator.within_share_wait_seconds_max", () => _round.Value.WithinShareWaitMax, description: "The longest current wait of a pending workload that fits within its owner's share.");
        _meter.CreateObservableGauge("clusteroperator.wait_bound_seconds", () => _round.Value.WaitBound, description: "The wait a within-share workload is promised at most: MinRuntime + grace + one round.");
        _meter.CreateObservableGauge("clusteroperator.leader", () => _leader ? 1 : 0, description: "1 on the replica that leads, else 0.");
    }

    /// <summary>Owners beyond this many, by allocation, are reported together as <c>other</c>.</summary>
    public int MaxOwners { get; }

    /// <summary>
    /// Records a round. Its gauges' figures are derived only when a scrape reads them: they cost a pass over every
    /// object, and rounds run for every arriving run while scrapes come seconds apart.
    /// </summary>
    public void Round(Func<RoundFigures> figures, TimeSpan planDuration)
    {
        _round = new Lazy<RoundFigures>(figures);
        _planDuration.Record(planDuration.TotalSeconds);
    }

    public void Leading(bool leader) => _leader = leader;

    public void Waited(string kind, TimeSpan wait) => _wait.Record(wait.TotalSeconds, new KeyValuePair<string, object?>("kind", kind));

    public void Bound(TimeSpan latency) => _bindLatency.Record(latency.TotalSeconds);

    public void Preempted(string reason, int gpus)
    {
        _preemptions.Add(1, new KeyValuePair<string, object?>("reason", reason));
        _reclaimedGpus.Add(gpus);
    }

    public void Dispose() => _meter.Dispose();

    private Histogram<double> Histogram(string name, string description) =>
        _meter.CreateHistogram(name, "s", description, advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = SecondsBuckets });

    private static Measurement<double> Measure(double value, string label, string labelValue) =>
        new(value, new KeyValuePair<string, object?>(label, labelValue));
}
