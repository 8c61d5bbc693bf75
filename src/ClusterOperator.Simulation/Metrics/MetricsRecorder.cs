namespace ClusterOperator.Simulation.Metrics;

/// <summary>
/// Accumulates one replay's figures as it runs: the simulator reports each owner's state whenever it changes
/// (it holds until the next report) and each job's outcome when the job completes. Time integrals are kept
/// incrementally, so memory does not grow with the number of events.
/// </summary>
public sealed class MetricsRecorder
{
    private const double InitialBucketSeconds = 60;
    private const int MaxBuckets = 600;

    private readonly IReadOnlyList<string> _owners;
    private readonly int _capacityGpus;
    private readonly OwnerSample[] _current;
    private readonly double[] _bucketValues;
    private readonly TimelineBuckets _timeline;
    private readonly List<JobOutcome> _outcomes = [];
    private double _lastSeconds;
    private double _allocatedGpuSeconds;
    private double _boundGpuSeconds;
    private double _jainIntegral;
    private double _jainSeconds;
    private double _deviationIntegral;
    private double _deviationSeconds;

    /// <param name="owners">Every owner of the trace; samples are reported in this order.</param>
    /// <param name="capacityGpus">GPUs of the whole cluster.</param>
    /// <param name="startSeconds">Simulated time the replay starts at (the first submission); everyone holds nothing then.</param>
    public MetricsRecorder(IReadOnlyList<string> owners, int capacityGpus, double startSeconds)
    {
        ArgumentNullException.ThrowIfNull(owners);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacityGpus);
        _owners = owners;
        _capacityGpus = capacityGpus;
        _current = new OwnerSample[owners.Count];
        _bucketValues = new double[1 + (2 * owners.Count)];
        _timeline = new TimelineBuckets(_bucketValues.Length, startSeconds, InitialBucketSeconds, MaxBuckets);
        _lastSeconds = startSeconds;
        StartSeconds = startSeconds;
    }

    public double StartSeconds { get; }

    /// <summary>From <paramref name="timeSeconds"/> on, owner i is in state <paramref name="owners"/>[i].</summary>
    public void Record(double timeSeconds, ReadOnlySpan<OwnerSample> owners)
    {
        if (owners.Length != _current.Length)
        {
            throw new ArgumentException($"expected {_current.Length} owner samples, got {owners.Length}", nameof(owners));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(timeSeconds, _lastSeconds);
        Integrate(timeSeconds);
        owners.CopyTo(_current);
    }

    public void Complete(JobOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        _outcomes.Add(outcome);
    }

    /// <summary>The figures of the replay so far.</summary>
    /// <param name="policy">The policy name to report.</param>
    /// <param name="jobs">Valid jobs the replay was given; those without an outcome count as unfinished.</param>
    /// <param name="invalid">Rows skipped before the replay.</param>
    public PolicyResult Finish(string policy, int jobs, int invalid)
    {
        var queue = _outcomes.Select(o => o.QueueSeconds).Order().ToArray();
        var jct = _outcomes.Select(o => o.CompletionSeconds).Order().ToArray();
        var withinShare = _outcomes.Where(o => o.WithinShare).Select(o => o.QueueSeconds).DefaultIfEmpty(0).Max();
        var makespan = _outcomes.Count == 0 ? 0 : _outcomes.Max(o => o.EndSeconds) - _outcomes.Min(o => o.SubmitSeconds);
        var metrics = new PolicyMetrics(
            policy,
            jobs,
            invalid,
            AvgJctSeconds: Mean(jct),
            P50JctSeconds: Percentiles.NearestRank(jct, 50),
            P99JctSeconds: Percentiles.NearestRank(jct, 99),
            AvgQueueSeconds: Mean(queue),
            P50QueueSeconds: Percentiles.NearestRank(queue, 50),
            P99QueueSeconds: Percentiles.NearestRank(queue, 99),
            MaxQueueSeconds: queue.Length == 0 ? 0 : queue[^1],
            MaxWithinShareQueueSeconds: withinShare,
            JainIndex: _jainSeconds > 0 ? _jainIntegral / _jainSeconds : 1,
            ShareDeviation: _deviationSeconds > 0 ? _deviationIntegral / _deviationSeconds : 0,
            Utilization: makespan > 0 ? _allocatedGpuSeconds / (_capacityGpus * makespan) : 0,
            UtilizationVsBound: _boundGpuSeconds > 0 ? _allocatedGpuSeconds / _boundGpuSeconds : 1,
            Preemptions: _outcomes.Sum(o => o.Preemptions),
            LostGpuSeconds: _outcomes.Sum(o => o.LostGpuSeconds),
            MakespanSeconds: makespan,
            Unfinished: jobs - _outcomes.Count);
        return new PolicyResult(metrics, BuildTimeline(), queue, [.. _outcomes]);
    }

    private void Integrate(double untilSeconds)
    {
        var span = untilSeconds - _lastSeconds;
        if (span <= 0)
        {
            return;
        }

        double allocated = 0, demand = 0;
        for (var i = 0; i < _current.Length; i++)
        {
            allocated += _current[i].AllocatedGpus;
            demand += _current[i].DemandGpus;
            _bucketValues[1 + (2 * i)] = _current[i].AllocatedGpus;
            _bucketValues[2 + (2 * i)] = _current[i].FairShareGpus;
        }

        _bucketValues[0] = allocated / _capacityGpus;
        _timeline.Add(_lastSeconds, untilSeconds, _bucketValues);
        _allocatedGpuSeconds += allocated * span;
        _boundGpuSeconds += Math.Min(_capacityGpus, demand) * span;
        if (FairnessIndex.Jain(_current) is { } jain)
        {
            _jainIntegral += jain * span;
            _jainSeconds += span;
        }

        if (FairnessIndex.ShareDeviation(_current) is { } deviation)
        {
            _deviationIntegral += deviation * span;
            _deviationSeconds += span;
        }

        _lastSeconds = untilSeconds;
    }

    private PolicyTimeline BuildTimeline()
    {
        var averages = _timeline.Averages();
        var owners = new OwnerTimeline[_owners.Count];
        for (var i = 0; i < owners.Length; i++)
        {
            owners[i] = new OwnerTimeline(_owners[i], averages[1 + (2 * i)], averages[2 + (2 * i)]);
        }

        return new PolicyTimeline(StartSeconds, _timeline.WidthSeconds, averages[0], owners);
    }

    private static double Mean(double[] values) => values.Length == 0 ? 0 : values.Average();
}
