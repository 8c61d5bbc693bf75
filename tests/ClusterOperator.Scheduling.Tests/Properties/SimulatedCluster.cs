using ClusterOperator.Scheduling.Tests.Builders;

namespace ClusterOperator.Scheduling.Tests.Properties;

/// <summary>
/// Rounds of Plan over a cluster, the way the operator and the replay drive the core: arrivals, binds,
/// evictions whose pods disappear after their grace period, completions, decayed usage and reservations fed back.
/// </summary>
public sealed class SimulatedCluster(ClusterSpec spec, FairShareOptions options, SchedulingPolicy policy, TimeSpan round)
{
    private readonly Dictionary<string, Job> _jobs = spec.Jobs.ToDictionary(j => j.Id, j => new Job(j));
    private readonly Dictionary<string, double> _usage = [];
    private IReadOnlyList<Reservation> _reservations = [];

    public int Round { get; private set; }

    public DateTimeOffset Now => Make.Now + (Round * round);

    public bool AllDone => _jobs.Values.All(j => j.Done);

    /// <summary>Plans one round and applies the plan; returns what Plan saw and decided.</summary>
    public (ClusterSnapshot Snapshot, SchedulingPlan Plan) Step()
    {
        var now = Now;
        var active = _jobs.Values.Where(j => !j.Done && j.Spec.SubmitRound <= Round).ToList();
        foreach (var job in active)
        {
            foreach (var index in job.Pods.Where(p => p.Value.GoneAt <= now).Select(p => p.Key).ToList())
            {
                job.Pods.Remove(index);
            }

            if (job.Pods.Count == 0)
            {
                job.Start = null;
            }

            if (job.Spec.DurationRounds is { } rounds && job.Ran >= rounds * round)
            {
                job.Done = true;
                job.Pods.Clear();
            }
        }

        var snapshot = new ClusterSnapshot
        {
            Now = now,
            Nodes = spec.Nodes,
            Workloads = [.. active.Where(j => !j.Done).Select(j => j.ToWorkload(Make.Now + (j.Spec.SubmitRound * round)))],
            OwnerUsage = new Dictionary<string, double>(_usage),
            Reservations = _reservations,
            Options = options,
            Policy = policy,
        };
        var plan = Scheduler.Plan(snapshot);
        Apply(plan, now);
        Round++;
        return (snapshot, plan);
    }

    private void Apply(SchedulingPlan plan, DateTimeOffset now)
    {
        foreach (var bind in plan.Binds)
        {
            var job = _jobs[bind.WorkloadId];
            job.Start ??= now;
            job.Pods[bind.PodIndex] = new Pod(bind.Node, null);
        }

        foreach (var eviction in plan.Evictions)
        {
            var job = _jobs[eviction.WorkloadId];
            foreach (var index in eviction.PodIndices)
            {
                job.Pods[index] = job.Pods[index] with { GoneAt = now + eviction.GracePeriod };
            }

            if (eviction.WholeWorkload)
            {
                job.PendingSince = now;
                job.Ran = TimeSpan.Zero;
            }
        }

        _reservations = plan.Reservations;
        foreach (var job in _jobs.Values.Where(j => !j.Done && j.Running >= (j.Spec.MinReplicas ?? j.Spec.Replicas)))
        {
            job.Ran += round;
        }

        foreach (var owner in _jobs.Values.Select(j => j.Spec.Owner).Distinct())
        {
            var held = _jobs.Values.Where(j => j.Spec.Owner == owner && !j.Done).Sum(j => j.Running * j.Spec.Gpus);
            _usage[owner] = UsageDecay.Advance(_usage.GetValueOrDefault(owner), held, round, options.UsageHalfLife);
        }
    }

    private sealed record Pod(string Node, DateTimeOffset? GoneAt);

    private sealed class Job(JobSpec spec)
    {
        public JobSpec Spec { get; } = spec;

        public Dictionary<int, Pod> Pods { get; } = [];

        public DateTimeOffset? Start { get; set; }

        public DateTimeOffset? PendingSince { get; set; }

        public TimeSpan Ran { get; set; }

        public bool Done { get; set; }

        public int Running => Pods.Values.Count(p => p.GoneAt is null);

        public Workload ToWorkload(DateTimeOffset submit) => new()
        {
            Id = Spec.Id,
            Owner = Spec.Owner,
            Kind = Spec.Kind,
            Replicas = Spec.Replicas,
            MinReplicas = Spec.MinReplicas,
            GpusPerReplica = Spec.Gpus,
            Constraints = Spec.Pool is null ? NodeConstraints.None : new NodeConstraints { NodeSelector = new Dictionary<string, string> { ["pool"] = Spec.Pool } },
            SubmitTime = submit,
            PendingSince = PendingSince,
            StartTime = Start,
            GracePeriod = TimeSpan.FromSeconds(Spec.GraceSeconds),
            Pods = [.. Pods.OrderBy(p => p.Key).Select(p => new BoundPod(p.Key, p.Value.Node, p.Value.GoneAt is not null))],
        };
    }
}
