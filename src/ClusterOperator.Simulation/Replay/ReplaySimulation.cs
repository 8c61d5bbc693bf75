using System.Diagnostics;
using ClusterOperator.Scheduling;
using ClusterOperator.Simulation.Metrics;
using ClusterOperator.Simulation.Traces;
using static ClusterOperator.Simulation.Replay.ReplayClock;

namespace ClusterOperator.Simulation.Replay;

/// <summary>
/// The discrete-event replay of one policy, in simulated time. Every change (arrivals, completions, evicted pods
/// gone) is followed by one <see cref="Scheduler.Plan"/> of the core at that instant, and the plan is applied
/// exactly as the operator applies it: binds start runs, evictions terminate pods over their grace period,
/// reservations are passed back, usage decays with <see cref="UsageDecay"/>. A policy with time-based rules is
/// also planned at every planning round while work waits, like the operator's timer. Single-threaded; one instance per run.
/// </summary>
internal sealed class ReplaySimulation
{
    private const int ProgressSteps = 200;

    private readonly ReplayJobs _jobs;
    private readonly IReadOnlyList<Node> _nodes;
    private readonly SchedulingPolicy _policy;
    private readonly FairShareOptions _options;
    private readonly IProgress<ReplayProgress>? _progress;
    private readonly Dictionary<string, SimJob> _byId = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _ownerIndex = new(StringComparer.Ordinal);
    private readonly ActiveJobs _placed = new();
    private readonly PendingQueues _pending;
    private readonly List<Workload> _workloads = [];
    private readonly bool[] _showWhole;
    private readonly int? _window;
    private readonly int _capacity;
    private readonly PriorityQueue<SimEvent, (long Ticks, long Sequence)> _events = new();
    private readonly Dictionary<string, double> _usage = new(StringComparer.Ordinal);
    private readonly int[] _runningGpus;
    private readonly int[] _waitingGpus;
    private readonly int[] _demandGpus;
    private readonly double[] _shares;
    private readonly OwnerSample[] _samples;
    private readonly List<(SimJob Job, int NeededGpus)> _arrivals = [];
    private readonly TimeRuleWakes _wakes;
    private readonly MetricsRecorder _recorder;
    private readonly CapacityUse _capacityUse;
    private readonly Dictionary<string, int> _nodeIndex = new(StringComparer.Ordinal);
    private readonly int[] _nodeHeld;
    private readonly int[] _nodeReserved;
    private readonly List<SimJob> _watched = [];
    private readonly List<WithinShareWait> _longWaits = [];
    private readonly double _withinShareBoundSeconds;
    private IReadOnlyList<Reservation> _reservations = [];
    private long _sequence;
    private long _now;
    private int _completed;
    private int _nextProgress;
    private int _heldGpus;
    private int _plans;
    private int _windowedPlans;
    private int _windowFallbacks;
    private long _planTimestampTicks;
    private int _maxPendingJobs;
    private int _evictedJobs;
    private long _offGpuTicks;

    public ReplaySimulation(
        ReplayJobs jobs,
        IReadOnlyList<Node> nodes,
        SchedulingPolicy policy,
        FairShareOptions options,
        TimeSpan planningRound,
        int? pendingWindow,
        bool planEveryRound,
        IProgress<ReplayProgress>? progress)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(planningRound, TimeSpan.Zero);
        _jobs = jobs;
        _nodes = nodes;
        _policy = policy;
        _options = options;
        _wakes = new TimeRuleWakes(policy.Reclaim || planEveryRound, planningRound.Ticks);
        _progress = progress;
        var owners = jobs.Owners.Count;
        _runningGpus = new int[owners];
        _waitingGpus = new int[owners];
        _demandGpus = new int[owners];
        _shares = new double[owners];
        _samples = new OwnerSample[owners];
        _pending = new PendingQueues(owners, policy.Ordering);
        _showWhole = new bool[owners];
        _capacity = nodes.Sum(n => n.Gpus);
        _nodeHeld = new int[nodes.Count];
        _nodeReserved = new int[nodes.Count];
        for (var i = 0; i < nodes.Count; i++)
        {
            _nodeIndex[nodes[i].Name] = i;
        }

        _withinShareBoundSeconds = (options.MinRuntime + options.DefaultGracePeriod + planningRound).TotalSeconds;
        _window = SinglePool(nodes, jobs) ? pendingWindow : null;
        for (var i = 0; i < owners; i++)
        {
            _ownerIndex[jobs.Owners[i]] = i;
            _usage[jobs.Owners[i]] = 0;
        }

        foreach (var job in jobs.Jobs)
        {
            var sim = new SimJob(job, job.Trace.ToWorkload(At(job.SubmitTicks)));
            _byId.Add(job.Trace.Id, sim);
            Push(job.SubmitTicks, new SimEvent(SimEventKind.Arrival, sim, 0));
        }

        _now = jobs.Jobs.Count > 0 ? jobs.Jobs[0].SubmitTicks : 0;
        _recorder = new MetricsRecorder(jobs.Owners, Math.Max(1, _capacity), Seconds(_now));
        _capacityUse = new CapacityUse(Seconds(_now));
    }

    public PolicyResult Run(CancellationToken cancellationToken)
    {
        while (_events.TryPeek(out _, out var next))
        {
            cancellationToken.ThrowIfCancellationRequested();
            AdvanceTo(next.Ticks);
            while (_events.TryPeek(out _, out next) && next.Ticks == _now)
            {
                Apply(_events.Dequeue());
            }

            PlanAndApply();
            ReportProgress();
        }

        var result = _recorder.Finish(_policy.Name, _jobs.Jobs.Count, _jobs.Invalid.Count);
        return result with
        {
            Statistics = new ReplayStatistics(_plans, _windowedPlans, _windowFallbacks, Stopwatch.GetElapsedTime(0, _planTimestampTicks).TotalSeconds, _maxPendingJobs),
            Diagnostics = new ReplayDiagnostics(
                _withinShareBoundSeconds,
                [.. _longWaits.OrderByDescending(w => w.WaitSeconds).ThenBy(w => w.Id, StringComparer.Ordinal)],
                _capacityUse.Split(_capacity * result.Metrics.MakespanSeconds),
                _evictedJobs,
                Seconds(_offGpuTicks)),
        };
    }

    private void AdvanceTo(long ticks)
    {
        var elapsed = TimeSpan.FromTicks(ticks - _now);
        for (var i = 0; i < _runningGpus.Length; i++)
        {
            var owner = _jobs.Owners[i];
            _usage[owner] = UsageDecay.Advance(_usage[owner], _runningGpus[i], elapsed, _options.UsageHalfLife);
        }

        _now = ticks;
    }

    private void Apply(SimEvent e)
    {
        switch (e.Kind)
        {
            case SimEventKind.Arrival:
                Arrive(e.Job!);
                break;
            case SimEventKind.Completion when e.Job!.Attempt == e.Attempt && e.Job.Phase == JobPhase.Running:
                Complete(e.Job);
                break;
            case SimEventKind.PodsGone when e.Job!.Attempt == e.Attempt && e.Job.Phase == JobPhase.Terminating:
                PodsGone(e.Job);
                break;
            case SimEventKind.Wake:
                _wakes.Fired(_now);
                break;
            default:
                // A stale completion or pods-gone of an evicted attempt: nothing changes.
                break;
        }
    }

    private void Arrive(SimJob job)
    {
        var owner = job.Job.OwnerIndex;
        // Within share is judged against what the owner holds and already waits for, before this round's plan.
        _arrivals.Add((job, _runningGpus[owner] + _waitingGpus[owner] + job.Gpus));
        _demandGpus[owner] += job.Gpus;
        _waitingGpus[owner] += job.Gpus;
        AddPending(job);
    }

    private void Complete(SimJob job)
    {
        var owner = job.Job.OwnerIndex;
        job.Phase = JobPhase.Done;
        _runningGpus[owner] -= job.Gpus;
        _demandGpus[owner] -= job.Gpus;
        _heldGpus -= job.Gpus;
        Release(job);
        _offGpuTicks += _now - job.FirstStartTicks!.Value - job.Job.DurationTicks;
        _completed++;
        _recorder.Complete(new JobOutcome(
            job.Job.Trace.Id,
            job.Job.Trace.Owner,
            job.Gpus,
            Seconds(job.Job.SubmitTicks),
            Seconds(job.FirstStartTicks!.Value),
            Seconds(_now),
            job.WithinShare,
            job.Preemptions,
            job.LostGpuSeconds));
    }

    private void PodsGone(SimJob job)
    {
        _heldGpus -= job.Gpus;
        Release(job);
        job.Workload = job.Workload with { Pods = [], StartTime = null };
        AddPending(job);
    }

    private void Release(SimJob job)
    {
        foreach (var pod in job.Workload.Pods)
        {
            _nodeHeld[_nodeIndex[pod.Node]] -= job.Job.Trace.GpusPerReplica;
        }

        _placed.Remove(job);
    }

    private void AddPending(SimJob job)
    {
        job.Phase = JobPhase.Pending;
        _pending.Add(job);
        _maxPendingJobs = Math.Max(_maxPendingJobs, _pending.Count);
    }

    private void PlanAndApply()
    {
        Array.Clear(_showWhole);
        var plan = Plan(_window, out var cut);
        if (cut && !_pending.ProvenExact(plan, _ownerIndex, LowestRunningGpus(plan), _policy.Reclaim, _showWhole))
        {
            // Show the unproven owners' whole queues; if that still proves nothing, every queue.
            _windowFallbacks++;
            plan = Plan(_window, out cut);
            if (cut && !_pending.ProvenExact(plan, _ownerIndex, LowestRunningGpus(plan), _policy.Reclaim, _showWhole))
            {
                plan = Plan(null, out cut);
            }
        }

        _windowedPlans += cut ? 1 : 0;

        if (plan.Errors.Count > 0)
        {
            throw new InvalidOperationException(
                $"the scheduling core rejected replay input at {Seconds(_now)} s: " + string.Join("; ", plan.Errors.Select(e => $"{e.Subject}: {e.Message}")));
        }

        foreach (var eviction in plan.Evictions)
        {
            Evict(eviction);
        }

        ApplyBinds(plan.Binds);
        _reservations = plan.Reservations;
        Array.Clear(_shares);
        foreach (var share in plan.OwnerShares)
        {
            _shares[_ownerIndex[share.Owner]] += share.ShareGpus;
        }

        foreach (var (job, needed) in _arrivals)
        {
            job.WithinShare = needed <= _shares[job.Job.OwnerIndex] + 1e-9;
            if (job.WithinShare && job.FirstStartTicks is null)
            {
                job.Watch = new WithinShareWatch(needed, _shares[job.Job.OwnerIndex], _now);
                _watched.Add(job);
            }
        }

        _arrivals.Clear();
        Watch(plan);
        for (var i = 0; i < _samples.Length; i++)
        {
            _samples[i] = new OwnerSample(_runningGpus[i], _shares[i], _demandGpus[i]);
        }

        _recorder.Record(Seconds(_now), _samples);
        RecordCapacity();
        ScheduleRound();
    }

    /// <summary>Notes the core's reason for each waiting within-share job; a job that started leaves the watch.</summary>
    private void Watch(SchedulingPlan plan)
    {
        for (var i = _watched.Count - 1; i >= 0; i--)
        {
            var job = _watched[i];
            if (job.FirstStartTicks is null)
            {
                job.Watch!.Observe(_now, plan.Waiting.GetValueOrDefault(job.Job.Trace.Id), _shares[job.Job.OwnerIndex], job.Gpus);
                continue;
            }

            var wait = job.Watch!.Started(job, _now);
            if (wait.WaitSeconds > _withinShareBoundSeconds)
            {
                _longWaits.Add(wait);
            }

            job.Watch = null;
            _watched[i] = _watched[^1];
            _watched.RemoveAt(_watched.Count - 1);
        }
    }

    private void RecordCapacity()
    {
        var running = 0;
        foreach (var gpus in _runningGpus)
        {
            running += gpus;
        }

        var reservedIdle = 0;
        if (_reservations.Count > 0)
        {
            foreach (var reservation in _reservations)
            {
                foreach (var held in reservation.Nodes)
                {
                    _nodeReserved[_nodeIndex[held.Node]] += held.Gpus;
                }
            }

            for (var i = 0; i < _nodeReserved.Length; i++)
            {
                reservedIdle += Math.Min(_nodeReserved[i], _nodes[i].Gpus - _nodeHeld[i]);
            }

            Array.Clear(_nodeReserved);
        }

        var free = _capacity - _heldGpus - reservedIdle;
        _capacityUse.Record(Seconds(_now), running, _heldGpus - running, reservedIdle, _pending.Count > 0 ? free : 0);
    }

    private void ScheduleRound()
    {
        // With nothing running, every GPU is free and waiting work that does not fit never will: no time rule can
        // free more, so the rounds stop and the replay ends with that work unfinished.
        if (_wakes.Next(_now, _pending.Count > 0 && _runningGpus.Any(gpus => gpus > 0)) is { } wake)
        {
            Push(wake, new SimEvent(SimEventKind.Wake, null, 0));
        }
    }

    private SchedulingPlan Plan(int? window, out bool cut)
    {
        _workloads.Clear();
        _placed.AddTo(_workloads);
        _plans++;
        cut = _pending.AddTo(_workloads, window, _capacity - _heldGpus, _showWhole, _plans);
        foreach (var reservation in _reservations)
        {
            // A reservation whose beneficiary the core does not see would end: always show its beneficiary.
            if (_byId[reservation.BeneficiaryId] is { Phase: JobPhase.Pending } beneficiary && beneficiary.PlanStamp != _plans)
            {
                _workloads.Add(beneficiary.Workload);
            }
        }

        var started = Stopwatch.GetTimestamp();
        var plan = Scheduler.Plan(new ClusterSnapshot
        {
            Now = At(_now),
            Nodes = _nodes,
            Workloads = _workloads,
            OwnerUsage = _usage,
            Reservations = _reservations,
            Options = _options,
            Policy = _policy,
        });
        _planTimestampTicks += Stopwatch.GetTimestamp() - started;
        return plan;
    }

    private int[] LowestRunningGpus(SchedulingPlan plan)
    {
        var lowest = (int[])_runningGpus.Clone();
        foreach (var eviction in plan.Evictions)
        {
            var job = _byId[eviction.WorkloadId];
            lowest[job.Job.OwnerIndex] -= job.Gpus;
        }

        return lowest;
    }

    private static bool SinglePool(IReadOnlyList<Node> nodes, ReplayJobs jobs)
    {
        var type = nodes.Count > 0 ? nodes[0].GpuType : null;
        return nodes.All(n => string.Equals(n.GpuType, type, StringComparison.Ordinal))
            && jobs.Jobs.All(j => j.Trace.GpuType is null || string.Equals(j.Trace.GpuType, type, StringComparison.Ordinal));
    }

    private void Evict(Eviction eviction)
    {
        var job = _byId[eviction.WorkloadId];
        if (!eviction.WholeWorkload || job.Phase != JobPhase.Running)
        {
            throw new InvalidOperationException($"unexpected eviction of {eviction.WorkloadId} ({job.Phase}, whole: {eviction.WholeWorkload}); replayed jobs are not elastic");
        }

        // The grace period is for checkpointing: the run keeps the progress it made until now and resumes from
        // there, while the GPUs its pods hold until they are gone do no training.
        _evictedJobs += job.Preemptions == 0 ? 1 : 0;
        job.Phase = JobPhase.Terminating;
        job.Attempt++;
        job.Preemptions++;
        job.RemainingTicks -= _now - job.AttemptStartTicks;
        job.LostGpuSeconds += job.Gpus * eviction.GracePeriod.TotalSeconds;
        _runningGpus[job.Job.OwnerIndex] -= job.Gpus;
        _waitingGpus[job.Job.OwnerIndex] += job.Gpus;
        job.Workload = job.Workload with
        {
            Pods = [.. job.Workload.Pods.Select(p => p with { Terminating = true })],
            PendingSince = At(_now),
        };
        Push(_now + eviction.GracePeriod.Ticks, new SimEvent(SimEventKind.PodsGone, job, job.Attempt));
    }

    private void ApplyBinds(IReadOnlyList<Bind> binds)
    {
        // Binds are sorted by workload id, then pod index: apply each workload's run of binds at once.
        for (var start = 0; start < binds.Count;)
        {
            var end = start;
            while (end < binds.Count && string.Equals(binds[end].WorkloadId, binds[start].WorkloadId, StringComparison.Ordinal))
            {
                end++;
            }

            var job = _byId[binds[start].WorkloadId];
            var pods = new List<BoundPod>(job.Workload.Pods);
            for (var i = start; i < end; i++)
            {
                pods.Add(new BoundPod(binds[i].PodIndex, binds[i].Node));
                _nodeHeld[_nodeIndex[binds[i].Node]] += job.Job.Trace.GpusPerReplica;
            }

            job.Workload = job.Workload with { Pods = pods, StartTime = job.Workload.StartTime ?? At(_now) };
            if (pods.Count == job.Job.Trace.Replicas)
            {
                Start(job);
            }

            start = end;
        }
    }

    private void Start(SimJob job)
    {
        var owner = job.Job.OwnerIndex;
        job.Phase = JobPhase.Running;
        job.AttemptStartTicks = _now;
        job.FirstStartTicks ??= _now;
        _waitingGpus[owner] -= job.Gpus;
        _runningGpus[owner] += job.Gpus;
        _heldGpus += job.Gpus;
        _pending.Remove(job);
        _placed.Add(job);
        Push(_now + job.RemainingTicks, new SimEvent(SimEventKind.Completion, job, job.Attempt));
    }

    private void ReportProgress()
    {
        if (_progress is null || (_completed < _nextProgress && _events.Count > 0))
        {
            return;
        }

        _nextProgress = _completed + Math.Max(1, _jobs.Jobs.Count / ProgressSteps);
        _progress.Report(new ReplayProgress(_policy.Name, _completed, _jobs.Jobs.Count, Seconds(_now) - _recorder.StartSeconds));
    }

    private void Push(long ticks, SimEvent e) => _events.Enqueue(e, (ticks, _sequence++));
}
