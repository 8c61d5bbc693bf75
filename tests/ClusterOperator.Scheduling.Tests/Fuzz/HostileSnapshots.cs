using ClusterOperator.Scheduling.Tests.Builders;
using CsCheck;

namespace ClusterOperator.Scheduling.Tests.Fuzz;

/// <summary>
/// Snapshots no sane caller builds: negative and huge numbers, empty and duplicate names, pods on unknown nodes, NaN
/// weights, times and durations at the ends of their ranges, selectors with missing or non-numeric values.
/// </summary>
public static class HostileSnapshots
{
    private static readonly string[] NodeNames = ["n0", "n1", "n2", "", "ghost", "n0 ", "ñ"];
    private static readonly string[] Ids = ["a/1", "a/2", "b/1", "", "b/1", "idea/x/v"];
    private static readonly string[] Owners = ["alice", "bob", "", "zed", "ALICE"];

    /// <summary>
    /// Small counts and the ends of the range. Counts between (a million pods, a billion GPUs) are left to
    /// <see cref="PlanFuzzTests"/>' named cases: there the core runs out of memory instead of failing fast.
    /// </summary>
    public static Gen<int> Count => Gen.OneOf(Gen.Int[-3, 12], Gen.OneOfConst(int.MinValue, int.MaxValue));

    public static Gen<double> Number => Gen.OneOf(
        Gen.Double[-10, 1e6],
        Gen.OneOfConst(double.NaN, double.PositiveInfinity, double.NegativeInfinity, 0, -0.0, double.MaxValue, double.Epsilon));

    public static Gen<DateTimeOffset> Time => Gen.OneOf(
        Gen.Int[-7200, 7200].Select(s => Make.Now.AddSeconds(s)),
        Gen.OneOfConst(DateTimeOffset.MinValue, DateTimeOffset.MaxValue, DateTimeOffset.UnixEpoch));

    public static Gen<TimeSpan> Duration => Gen.OneOf(
        Gen.Int[-600, 7200].Select(s => TimeSpan.FromSeconds(s)),
        Gen.OneOfConst(TimeSpan.MinValue, TimeSpan.MaxValue, TimeSpan.Zero, TimeSpan.FromTicks(1)));

    /// <summary>Anything at all, valid or not: Plan must answer, not throw.</summary>
    public static Gen<ClusterSnapshot> Anything =>
        from now in Time
        from nodes in AnyNode.Array[0, 6]
        from workloads in AnyWorkload.Array[0, 10]
        from usage in Gen.Dictionary(Gen.OneOfConst(Owners), Number)[0, 3]
        from reservations in AnyReservation.Array[0, 3]
        from options in Options
        from policy in Gen.OneOfConst([.. SchedulingPolicy.Presets])
        select new ClusterSnapshot
        {
            Now = now,
            Nodes = nodes,
            Workloads = workloads,
            OwnerUsage = usage,
            Reservations = reservations,
            Options = options,
            Policy = policy,
        };

    /// <summary>Options with every field possibly negative, NaN, infinite or at the end of its range.</summary>
    public static Gen<FairShareOptions> Options =>
        from halfLife in Duration
        from minRuntime in Duration
        from grace in Duration
        from starvation in Duration
        from ideaGuarantee in Count
        from ideaMax in Count
        from hysteresis in Number
        from ideaDefault in Duration
        from weights in Gen.Dictionary(Gen.OneOfConst(Owners), Number)[0, 3]
        select WithWeights(
            new FairShareOptions
            {
                UsageHalfLife = halfLife,
                MinRuntime = minRuntime,
                DefaultGracePeriod = grace,
                StarvationThreshold = starvation,
                IdeaGuaranteeGpus = ideaGuarantee,
                IdeaMaxGpus = ideaMax,
                ReclaimHysteresis = hysteresis,
                IdeaDefaultDuration = ideaDefault,
            },
            weights);

    /// <summary>
    /// Workloads each broken in one way the core must report, holding no GPUs on a real node, with ids that no
    /// valid workload uses: adding them to a snapshot may change nothing but the errors.
    /// </summary>
    public static Gen<Workload[]> InvalidWorkloads =>
        Gen.Select(Gen.Int[0, 10], Count, Time, Duration, Gen.Int[0, 1_000_000])
            .Select((flaw, n, time, grace, id) => Broken(flaw, n, time, grace, $"zz/{id}"))
            .Array[1, 4]
            .Select(ws => ws.DistinctBy(w => w.Id).ToArray());

    /// <summary>Nodes with a negative count, named so that no valid node or pod refers to them.</summary>
    public static Gen<Node[]> InvalidNodes =>
        Gen.Select(Gen.Int[int.MinValue, -1], Gen.Bool, Gen.Int[0, 1_000_000])
            .Select((negative, foreign, id) => new Node
            {
                Name = $"bad-{id}",
                Gpus = foreign ? 8 : negative,
                ForeignGpus = foreign ? negative : 0,
            })
            .Array[0, 3]
            .Select(ns => ns.DistinctBy(n => n.Name).ToArray());

    private static Gen<Node> AnyNode =>
        from name in Gen.OneOfConst(NodeNames)
        from gpus in Count
        from foreign in Count
        from ready in Gen.Bool
        from schedulable in Gen.Bool
        from type in Gen.OneOfConst<string?>(null, "a100", "")
        from label in Gen.OneOfConst("", "x", "3", "-1e9")
        from tainted in Gen.Bool
        select new Node
        {
            Name = name,
            Gpus = gpus,
            ForeignGpus = foreign,
            Ready = ready,
            Schedulable = schedulable,
            GpuType = type,
            Labels = new Dictionary<string, string> { ["pool"] = label, ["size"] = label },
            Taints = tainted ? [new Taint("gpu", null, TaintEffect.NoSchedule)] : [],
        };

    private static Gen<BoundPod> AnyPod =>
        from index in Gen.OneOf(Gen.Int[-1, 4], Gen.OneOfConst(int.MinValue, int.MaxValue))
        from node in Gen.OneOfConst(NodeNames)
        from terminating in Gen.Bool
        select new BoundPod(index, node, terminating);

    private static Gen<NodeConstraints> AnyConstraints =>
        from type in Gen.OneOfConst<string?>(null, "a100", "", "h100")
        from selector in Gen.Dictionary(Gen.OneOfConst("pool", "size", ""), Gen.OneOfConst("", "x", "3"))[0, 2]
        from op in Gen.Enum<NodeSelectorOperator>()
        from values in Gen.OneOfConst<IReadOnlyList<string>?>(null, [], ["3"], ["x", "abc"], ["99999999999999999999"], ["-1e9"])
        from affinity in Gen.Bool
        from tolerate in Gen.Bool
        select new NodeConstraints
        {
            GpuType = type,
            NodeSelector = selector,
            RequiredAffinity = affinity ? [new NodeSelectorTerm([new NodeSelectorRequirement("size", op, values)])] : [],
            Tolerations = tolerate ? [new Toleration { Key = null, Operator = TolerationOperator.Exists }] : [],
        };

    private static Gen<Workload> AnyWorkload =>
        from id in Gen.OneOfConst(Ids)
        from owner in Gen.OneOfConst(Owners)
        from idea in Gen.Bool
        from replicas in Count
        from min in Gen.OneOf(Gen.Const((int?)null), Count.Select(c => (int?)c))
        from gpus in Count
        from constraints in AnyConstraints
        from submit in Time
        from pending in Gen.OneOf(Gen.Const((DateTimeOffset?)null), Time.Select(t => (DateTimeOffset?)t))
        from start in Gen.OneOf(Gen.Const((DateTimeOffset?)null), Time.Select(t => (DateTimeOffset?)t))
        from grace in Gen.OneOf(Gen.Const((TimeSpan?)null), Duration.Select(d => (TimeSpan?)d))
        from pods in AnyPod.Array[0, 4]
        select new Workload
        {
            Id = id,
            Owner = owner,
            Kind = idea ? WorkloadKind.Idea : WorkloadKind.Training,
            Replicas = gpus == 0 ? Math.Min(replicas, 64) : replicas,
            MinReplicas = min,
            GpusPerReplica = gpus,
            Constraints = constraints,
            SubmitTime = submit,
            PendingSince = pending,
            StartTime = start,
            GracePeriod = grace,
            Pods = pods,
        };

    private static Gen<Reservation> AnyReservation =>
        from id in Gen.OneOfConst(Ids)
        from owner in Gen.OneOfConst(Owners)
        from reason in Gen.Enum<ReclaimReason>()
        from node in Gen.OneOfConst(NodeNames)
        from gpus in Count
        from since in Time
        from expected in Gen.OneOf(Gen.Const((DateTimeOffset?)null), Time.Select(t => (DateTimeOffset?)t))
        select new Reservation(id, owner, reason, [new ReservedGpus(node, gpus)], since, expected);

    private static Workload Broken(int flaw, int n, DateTimeOffset time, TimeSpan grace, string id)
    {
        var w = new Workload { Id = id, Owner = "zed", SubmitTime = time, StartTime = time, PendingSince = time };
        var ghost = new BoundPod(0, "ghost");
        return flaw switch
        {
            0 => w with { GpusPerReplica = -1 - Math.Abs(n % 1000) },
            1 => w with { Replicas = -Math.Abs(n % 1000) },
            2 => w with { Replicas = 2, MinReplicas = n is >= 1 and <= 2 ? 3 : n },
            3 => w with { Kind = WorkloadKind.Idea, GpusPerReplica = 9 + Math.Abs(n % 8) },
            4 => w with { Owner = string.Empty },
            5 => w with { Pods = [ghost with { Index = n is 0 ? 1 : n }] },
            6 => w with { Pods = [ghost] },
            7 => w with { GracePeriod = grace > TimeSpan.Zero ? -grace : TimeSpan.FromTicks(-1) },
            8 => w with { Replicas = int.MaxValue, GpusPerReplica = int.MaxValue },
            9 => w with { Kind = WorkloadKind.Idea, MinReplicas = 1 },
            _ => w with { Replicas = 3, Pods = [ghost, ghost] },
        };
    }

    private static FairShareOptions WithWeights(FairShareOptions options, Dictionary<string, double> weights)
    {
        foreach (var (owner, weight) in weights)
        {
            options.Weights[owner] = weight;
        }

        return options;
    }
}
