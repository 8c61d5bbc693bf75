using System.Globalization;

namespace ClusterOperator.Scheduling.Planning;

/// <summary>
/// Validates a snapshot into dense tables. Invalid items are reported and left out of planning, but the
/// GPUs their pods hold on known nodes stay occupied, so a bad item can never cause an over-allocation.
/// </summary>
internal static class SnapshotReader
{
    /// <summary>Pods one run may have; far beyond any real gang, and it keeps per-run work small.</summary>
    public const int MaxReplicas = 1 << 16;

    public static PlanState Read(ClusterSnapshot snapshot)
    {
        var errors = new List<SnapshotError>();
        var options = new ResolvedOptions(snapshot.Options, errors);
        var nodes = ValidNodes(snapshot.Nodes, errors);
        var nodeIndex = new Dictionary<string, int>(nodes.Count, StringComparer.Ordinal);
        for (var i = 0; i < nodes.Count; i++)
        {
            nodeIndex[nodes[i].Name] = i;
        }

        var capacity = nodes.Select(n => Math.Max(0, n.Gpus - n.ForeignGpus)).ToArray();
        var positions = new List<int>(snapshot.Workloads.Count);
        var workloads = ValidWorkloads(snapshot.Workloads, nodeIndex, options, capacity, errors, positions);

        var poolTypes = PoolTypes(nodes, workloads);
        var poolOf = new Dictionary<string, int>(poolTypes.Count, StringComparer.Ordinal);
        for (var i = 0; i < poolTypes.Count; i++)
        {
            poolOf[poolTypes[i] ?? string.Empty] = i;
        }

        var nodePools = new int[nodes.Count];
        for (var i = 0; i < nodes.Count; i++)
        {
            nodePools[i] = poolOf[nodes[i].GpuType ?? string.Empty];
        }

        var table = new NodeTable(nodes, nodeIndex, capacity, nodePools, new TopologyIds(nodes));
        var owners = Owners(workloads, snapshot.OwnerUsage, options, poolTypes.Count, errors);
        var feasibility = new FeasibilityCache(table);
        var states = new List<WorkloadState>(workloads.Count);
        Owner? owner = null;
        foreach (var w in workloads)
        {
            // Workloads of one owner mostly come together and share the owner's string: skip the lookup then.
            if (owner is null || !ReferenceEquals(owner.Name, w.Owner))
            {
                owner = FindOwner(owners, w.Owner);
            }

            states.Add(Charge(w, owner, options, table));
        }

        table.Seal();

        var poolCapacity = new double[poolTypes.Count];
        for (var i = 0; i < table.Count; i++)
        {
            poolCapacity[table.Pool[i]] += table.Usable[i] ? table.Capacity[i] : Math.Min(table.Running[i], table.Capacity[i]);
        }

        var poolsByCapacity = Enumerable.Range(0, poolTypes.Count).OrderByDescending(p => poolCapacity[p]).ThenBy(p => p).ToList();
        var candidatePools = new Dictionary<(int Key, int Pool), IReadOnlyList<int>>();
        (int Key, int Pool, IReadOnlyList<int> Pools)? lastPools = null;
        IReadOnlyList<int> CandidatePools(WorkloadState w)
        {
            if (lastPools is { } same && same.Key == w.ConstraintKey && same.Pool == w.Pool)
            {
                return same.Pools;
            }

            if (!candidatePools.TryGetValue((w.ConstraintKey, w.Pool), out var pools))
            {
                pools = w.Source.Constraints.GpuType is { Length: > 0 } ? [w.Pool] : [w.Pool, .. poolsByCapacity.Where(p => p != w.Pool)];
                candidatePools[(w.ConstraintKey, w.Pool)] = pools;
            }

            lastPools = (w.ConstraintKey, w.Pool, pools);
            return pools;
        }

        var podsThatFit = new Dictionary<(int Key, int Pool, int Gpus), long>();
        (int Key, int Gpus, int MinReplicas, int Pool, bool Unschedulable)? last = null;
        foreach (var w in states)
        {
            w.ConstraintKey = feasibility.KeyOf(w.Source.Constraints);
            if (w.Running.Count > 0)
            {
                w.Pool = table.Pool[w.Running[0].Node];
                continue;
            }

            // A pending workload's pool depends on its constraints and gang shape only; queues repeat shapes.
            if (last is not { } same || same.Key != w.ConstraintKey || same.Gpus != w.Gpus || same.MinReplicas != w.MinReplicas)
            {
                AttributePool(w, table, poolOf, poolsByCapacity, feasibility, podsThatFit);
                last = (w.ConstraintKey, w.Gpus, w.MinReplicas, w.Pool, w.Unschedulable);
            }
            else
            {
                w.Pool = same.Pool;
                w.Unschedulable = same.Unschedulable;
            }
        }

        MarkGuaranteedIdeas(states, options.IdeaGuaranteeGpus);
        return new PlanState
        {
            Now = snapshot.Now,
            Options = options,
            Policy = snapshot.Policy,
            Nodes = table,
            PoolTypes = poolTypes,
            PoolCapacity = poolCapacity,
            Owners = owners,
            Workloads = states,
            WorkloadsAsListed = AsListed(states, positions, snapshot.Workloads.Count),
            Feasibility = feasibility,
            Errors = errors,
            CandidatePools = CandidatePools,
        };
    }

    /// <summary>The states (in id order) back in input order: a counting pass over the input positions.</summary>
    private static WorkloadState[] AsListed(List<WorkloadState> states, List<int> positions, int inputCount)
    {
        var slots = new WorkloadState?[inputCount];
        for (var i = 0; i < states.Count; i++)
        {
            slots[positions[i]] = states[i];
        }

        var listed = new WorkloadState[states.Count];
        var next = 0;
        foreach (var state in slots)
        {
            if (state is not null)
            {
                listed[next++] = state;
            }
        }

        return listed;
    }

    private static string? NullIfEmpty(string? text) => string.IsNullOrEmpty(text) ? null : text;

    /// <summary>The GPU types of nodes and of workloads' constraints, null (no type) first, then in ordinal order.</summary>
    private static List<string?> PoolTypes(List<Node> nodes, List<Workload> workloads)
    {
        var types = new List<string?>();
        foreach (var node in nodes)
        {
            AddType(types, NullIfEmpty(node.GpuType));
        }

        foreach (var w in workloads)
        {
            AddType(types, NullIfEmpty(w.Constraints.GpuType));
        }

        types.Sort(StringComparer.Ordinal);
        if (types.Count == 0)
        {
            types.Add(null);
        }

        return types;
    }

    /// <summary>A cluster has a handful of GPU types, so a list beats hashing every item's type.</summary>
    private static void AddType(List<string?> types, string? type)
    {
        if (types.Count == 0 || !string.Equals(types[^1], type, StringComparison.Ordinal) && !types.Contains(type))
        {
            types.Add(type);
        }
    }

    /// <summary>The owners of the workloads in name order, each with its weight and decayed usage.</summary>
    private static List<Owner> Owners(List<Workload> workloads, IReadOnlyDictionary<string, double> usage, ResolvedOptions options, int pools, List<SnapshotError> errors)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        string? previous = null;
        foreach (var w in workloads)
        {
            if (!ReferenceEquals(previous, w.Owner))
            {
                previous = w.Owner;
                names.Add(w.Owner);
            }
        }

        var sorted = names.ToArray();
        Array.Sort(sorted, StringComparer.Ordinal);
        var owners = new List<Owner>(sorted.Length);
        for (var i = 0; i < sorted.Length; i++)
        {
            owners.Add(new Owner(sorted[i], i, options.WeightOf(sorted[i]), UsageGpus(usage, sorted[i], options, errors), pools));
        }

        return owners;
    }

    private static Owner FindOwner(List<Owner> owners, string name)
    {
        int low = 0, high = owners.Count - 1;
        while (true)
        {
            var mid = (low + high) >> 1;
            var c = string.CompareOrdinal(owners[mid].Name, name);
            if (c == 0)
            {
                return owners[mid];
            }

            (low, high) = c < 0 ? (mid + 1, high) : (low, mid - 1);
        }
    }

    /// <summary>
    /// Input positions ordered by name (ordinal), equal names in input order. Plans do not depend on list
    /// order this way; callers usually pass sorted lists, which are recognised in linear time.
    /// </summary>
    private static int[] InNameOrder<T>(IReadOnlyList<T> items, Func<T, string> name)
    {
        var names = new string[items.Count];
        for (var i = 0; i < names.Length; i++)
        {
            names[i] = name(items[i]) ?? string.Empty;
        }

        return NameOrder.Of(names);
    }

    private static List<Node> ValidNodes(IReadOnlyList<Node> nodes, List<SnapshotError> errors)
    {
        var valid = new List<Node>(nodes.Count);
        string? previous = null;
        foreach (var position in InNameOrder(nodes, n => n.Name))
        {
            var node = nodes[position];
            // In name order, a duplicate name follows the first node of that name.
            var duplicate = previous is not null && string.Equals(previous, node.Name, StringComparison.Ordinal);
            previous = node.Name;
            if (string.IsNullOrEmpty(node.Name))
            {
                errors.Add(new SnapshotError($"node #{position}", "the node has no name"));
            }
            else if (duplicate)
            {
                errors.Add(new SnapshotError($"node {node.Name}", "another node has the same name; only the first one is planned"));
            }
            else if (node.Gpus < 0)
            {
                errors.Add(new SnapshotError($"node {node.Name}", Text($"allocatable GPUs {node.Gpus} must not be negative")));
            }
            else if (node.ForeignGpus < 0)
            {
                errors.Add(new SnapshotError($"node {node.Name}", Text($"foreign GPUs {node.ForeignGpus} must not be negative")));
            }
            else
            {
                valid.Add(node);
            }
        }

        return valid;
    }

    /// <summary>The valid workloads in id order; <paramref name="positions"/> receives their positions in the input.</summary>
    private static List<Workload> ValidWorkloads(IReadOnlyList<Workload> workloads, Dictionary<string, int> nodeIndex, ResolvedOptions options, int[] capacity, List<SnapshotError> errors, List<int> positions)
    {
        var valid = new List<Workload>(workloads.Count);
        string? previous = null;
        foreach (var position in InNameOrder(workloads, w => w.Id))
        {
            var workload = workloads[position];
            // In id order, a duplicate id follows the first workload with that id.
            var duplicate = previous is not null && string.Equals(previous, workload.Id, StringComparison.Ordinal);
            previous = workload.Id;
            var problem = string.IsNullOrEmpty(workload.Id) ? "the workload has no id"
                : duplicate ? "another workload has the same id; only the first one is planned"
                : Problem(workload, nodeIndex, options);
            if (problem is null)
            {
                valid.Add(workload);
                positions.Add(position);
                continue;
            }

            errors.Add(new SnapshotError(string.IsNullOrEmpty(workload.Id) ? $"workload #{position}" : $"workload {workload.Id}", problem));
            foreach (var pod in workload.Pods)
            {
                // The pods exist whatever is wrong with their workload: keep their GPUs occupied.
                if (pod.Node is not null && nodeIndex.TryGetValue(pod.Node, out var node))
                {
                    capacity[node] = Math.Max(0, capacity[node] - Math.Max(0, workload.GpusPerReplica));
                }
            }
        }

        return valid;
    }

    private static string? Problem(Workload w, Dictionary<string, int> nodeIndex, ResolvedOptions options)
    {
        if (string.IsNullOrEmpty(w.Owner))
        {
            return "the workload has no owner";
        }

        if (w.Replicas < 1)
        {
            return Text($"replicas {w.Replicas} must be at least 1");
        }

        if (w.GpusPerReplica < 0)
        {
            return Text($"GPUs per replica {w.GpusPerReplica} must not be negative");
        }

        if ((long)w.Replicas * w.GpusPerReplica > int.MaxValue / 4)
        {
            return Text($"{w.Replicas} replicas × {w.GpusPerReplica} GPUs is more than any cluster holds");
        }

        if (w.Replicas > MaxReplicas)
        {
            return Text($"replicas {w.Replicas} is more than the {MaxReplicas} one run may have");
        }

        if (w.MinReplicas is { } min && (min < 1 || min > w.Replicas))
        {
            return Text($"minReplicas {min} must be between 1 and replicas {w.Replicas}");
        }

        if (w.GracePeriod is { } grace && grace < TimeSpan.Zero)
        {
            return Text($"grace period {grace} must not be negative");
        }

        if (w.Kind == WorkloadKind.Idea && w.IsElastic)
        {
            return "an idea cannot be elastic";
        }

        if (w.Kind == WorkloadKind.Idea && w.Replicas * w.GpusPerReplica > options.IdeaMaxGpus)
        {
            return Text($"an idea may use at most {options.IdeaMaxGpus} GPUs (IdeaMaxGpus) but this one asks for {w.Replicas * w.GpusPerReplica}");
        }

        // Gangs up to 64 replicas (nearly all) check repeated indices in a bit mask instead of a set.
        var small = 0UL;
        var indices = w.Pods.Count > 1 && w.Replicas > 64 ? new HashSet<int>() : null;
        foreach (var pod in w.Pods)
        {
            if (pod.Index < 0 || pod.Index >= w.Replicas)
            {
                return Text($"pod index {pod.Index} is outside 0..{w.Replicas - 1}");
            }

            var repeated = indices is null ? (small & (1UL << pod.Index)) != 0 : !indices.Add(pod.Index);
            small |= indices is null ? 1UL << pod.Index : 0;
            if (repeated)
            {
                return Text($"pod index {pod.Index} is listed twice");
            }

            if (pod.Node is null || !nodeIndex.ContainsKey(pod.Node))
            {
                return Text($"pod {pod.Index} is bound to unknown node {pod.Node}");
            }
        }

        return null;
    }

    private static double UsageGpus(IReadOnlyDictionary<string, double> usage, string owner, ResolvedOptions options, List<SnapshotError> errors)
    {
        if (!usage.TryGetValue(owner, out var gpuSeconds))
        {
            return 0;
        }

        if (double.IsFinite(gpuSeconds) && gpuSeconds >= 0)
        {
            return UsageDecay.ToGpus(gpuSeconds, options.UsageHalfLife);
        }

        errors.Add(new SnapshotError($"usage {owner}", Text($"decayed usage {gpuSeconds} must be a non-negative number; 0 is used")));
        return 0;
    }

    /// <summary>Builds a workload's state and charges its pods to the nodes and its owner.</summary>
    private static WorkloadState Charge(Workload w, Owner owner, ResolvedOptions options, NodeTable nodes)
    {
        if (w.Pods.Count == 0)
        {
            return new WorkloadState(w, owner, options, [], [], 0);
        }

        var running = new List<RunningPod>(w.Pods.Count);
        var present = new List<int>(w.Pods.Count);
        var terminating = 0;
        foreach (var pod in InIndexOrder(w.Pods))
        {
            nodes.TryFind(pod.Node, out var node);
            present.Add(pod.Index);
            if (pod.Terminating)
            {
                terminating++;
                nodes.AddTerminating(node, w.GpusPerReplica);
            }
            else
            {
                running.Add(new RunningPod(pod.Index, node));
                nodes.AddRunning(node, w.GpusPerReplica);
                owner.Allocate(nodes.Pool[node], w.GpusPerReplica);
                if (w.Kind == WorkloadKind.Idea)
                {
                    owner.IdeaGpus += w.GpusPerReplica;
                }
            }
        }

        return new WorkloadState(w, owner, options, running, present, terminating);
    }

    /// <summary>Pods by replica index; callers almost always list them so, which is recognised without sorting.</summary>
    private static IReadOnlyList<BoundPod> InIndexOrder(IReadOnlyList<BoundPod> pods)
    {
        for (var i = 1; i < pods.Count; i++)
        {
            if (pods[i - 1].Index > pods[i].Index)
            {
                var sorted = pods.ToArray();
                Array.Sort(sorted, (a, b) => a.Index.CompareTo(b.Index));
                return sorted;
            }
        }

        return pods;
    }

    /// <summary>
    /// Pending work counts in the pool of its GPU type, or, when it names none, in the largest pool that could
    /// hold it. Work no pool could hold is unschedulable. (Running work counts in the pool of its nodes.)
    /// </summary>
    private static void AttributePool(
        WorkloadState w,
        NodeTable nodes,
        Dictionary<string, int> poolOf,
        List<int> poolsByCapacity,
        FeasibilityCache feasibility,
        Dictionary<(int Key, int Pool, int Gpus), long> podsThatFit)
    {
        var type = w.Source.Constraints.GpuType;
        List<int> pools = type is { Length: > 0 } ? [poolOf[type]] : poolsByCapacity;

        foreach (var pool in pools)
        {
            if (!podsThatFit.TryGetValue((w.ConstraintKey, pool, w.Gpus), out var pods))
            {
                var set = feasibility.Get(w.ConstraintKey, pool);
                pods = w.Gpus == 0 ? (set.Nodes.Length > 0 ? long.MaxValue : 0) : set.Nodes.Sum(n => (long)(nodes.Capacity[n] / w.Gpus));
                podsThatFit[(w.ConstraintKey, pool, w.Gpus)] = pods;
            }

            if (pods >= w.MinReplicas)
            {
                w.Pool = pool;
                return;
            }
        }

        w.Pool = pools.Count > 0 ? pools[0] : 0;
        w.Unschedulable = true;
    }

    /// <summary>Rule 5: each owner's earliest-started running ideas, up to the guarantee, are never victims.</summary>
    private static void MarkGuaranteedIdeas(List<WorkloadState> workloads, int guarantee)
    {
        if (!workloads.Exists(w => w.IsIdea && w.Phase == WorkloadPhase.Running))
        {
            return;
        }

        foreach (var group in workloads.Where(w => w.IsIdea && w.Phase == WorkloadPhase.Running).GroupBy(w => w.Owner))
        {
            var held = 0;
            foreach (var idea in group.OrderBy(w => w.Source.StartTime ?? DateTimeOffset.MinValue).ThenBy(w => w.Id, StringComparer.Ordinal))
            {
                held += idea.Running.Count * idea.Gpus;
                idea.GuaranteedIdea = held <= guarantee;
            }
        }
    }

    private static string Text(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
