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
        var workloads = ValidWorkloads(snapshot.Workloads, nodeIndex, options, capacity, errors);

        var poolTypes = nodes.Select(n => NullIfEmpty(n.GpuType))
            .Concat(workloads.Select(w => NullIfEmpty(w.Constraints.GpuType)))
            .Distinct(StringComparer.Ordinal)
            .OrderBy(t => t, StringComparer.Ordinal)
            .ToList();
        if (poolTypes.Count == 0)
        {
            poolTypes.Add(null);
        }

        var poolOf = poolTypes.Select((t, i) => (Key: t ?? string.Empty, i)).ToDictionary(p => p.Key, p => p.i, StringComparer.Ordinal);
        var table = new NodeTable(nodes, nodeIndex, capacity, [.. nodes.Select(n => poolOf[n.GpuType ?? string.Empty])], new TopologyIds(nodes));

        var owners = workloads.Select(w => w.Owner).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)
            .Select((name, i) => new Owner(name, i, options.WeightOf(name), UsageGpus(snapshot.OwnerUsage, name, options, errors), poolTypes.Count))
            .ToList();
        var ownerByName = owners.ToDictionary(o => o.Name, StringComparer.Ordinal);
        var feasibility = new FeasibilityCache(table);
        var states = new List<WorkloadState>(workloads.Count);
        foreach (var w in workloads)
        {
            states.Add(Charge(w, ownerByName[w.Owner], options, table));
        }

        table.Seal();

        var poolCapacity = new double[poolTypes.Count];
        for (var i = 0; i < table.Count; i++)
        {
            poolCapacity[table.Pool[i]] += table.Usable[i] ? table.Capacity[i] : Math.Min(table.Running[i], table.Capacity[i]);
        }

        var poolsByCapacity = Enumerable.Range(0, poolTypes.Count).OrderByDescending(p => poolCapacity[p]).ThenBy(p => p).ToList();
        var candidatePools = new Dictionary<(int Key, int Pool), IReadOnlyList<int>>();
        IReadOnlyList<int> CandidatePools(WorkloadState w)
        {
            if (!candidatePools.TryGetValue((w.ConstraintKey, w.Pool), out var pools))
            {
                pools = w.Source.Constraints.GpuType is { Length: > 0 } ? [w.Pool] : [w.Pool, .. poolsByCapacity.Where(p => p != w.Pool)];
                candidatePools[(w.ConstraintKey, w.Pool)] = pools;
            }

            return pools;
        }

        var podsThatFit = new Dictionary<(int Key, int Pool, int Gpus), long>();
        foreach (var w in states)
        {
            w.ConstraintKey = feasibility.KeyOf(w.Source.Constraints);
            AttributePool(w, table, poolOf, poolsByCapacity, feasibility, podsThatFit);
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
            ById = states.ToDictionary(w => w.Id, StringComparer.Ordinal),
            Feasibility = feasibility,
            Errors = errors,
            CandidatePools = CandidatePools,
        };
    }

    private static string? NullIfEmpty(string? text) => string.IsNullOrEmpty(text) ? null : text;

    /// <summary>
    /// Items with their input positions, ordered by name (ordinal), equal names in input order. Plans do not
    /// depend on list order this way; callers usually pass sorted lists, which are recognised in linear time.
    /// </summary>
    private static IEnumerable<(T Item, int Position)> InNameOrder<T>(IReadOnlyList<T> items, Func<T, string> name)
    {
        var names = new string[items.Count];
        var order = new int[items.Count];
        var sorted = true;
        for (var i = 0; i < items.Count; i++)
        {
            names[i] = name(items[i]) ?? string.Empty;
            order[i] = i;
            sorted &= i == 0 || string.CompareOrdinal(names[i - 1], names[i]) <= 0;
        }

        if (!sorted)
        {
            Array.Sort(names, order, StringComparer.Ordinal);

            // Array.Sort is not stable: put equal names (duplicates, an error case) back in input order.
            for (var start = 0; start < names.Length;)
            {
                var end = start + 1;
                while (end < names.Length && string.Equals(names[end], names[start], StringComparison.Ordinal))
                {
                    end++;
                }

                if (end - start > 1)
                {
                    Array.Sort(order, start, end - start);
                }

                start = end;
            }
        }

        return order.Select(i => (items[i], i));
    }

    private static List<Node> ValidNodes(IReadOnlyList<Node> nodes, List<SnapshotError> errors)
    {
        var valid = new List<Node>(nodes.Count);
        string? previous = null;
        foreach (var (node, position) in InNameOrder(nodes, n => n.Name))
        {
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

    private static List<Workload> ValidWorkloads(IReadOnlyList<Workload> workloads, Dictionary<string, int> nodeIndex, ResolvedOptions options, int[] capacity, List<SnapshotError> errors)
    {
        var valid = new List<Workload>(workloads.Count);
        string? previous = null;
        foreach (var (workload, position) in InNameOrder(workloads, w => w.Id))
        {
            // In id order, a duplicate id follows the first workload with that id.
            var duplicate = previous is not null && string.Equals(previous, workload.Id, StringComparison.Ordinal);
            previous = workload.Id;
            var problem = string.IsNullOrEmpty(workload.Id) ? "the workload has no id"
                : duplicate ? "another workload has the same id; only the first one is planned"
                : Problem(workload, nodeIndex, options);
            if (problem is null)
            {
                valid.Add(workload);
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
    /// Running work counts in the pool of its nodes. Pending work counts in the pool of its GPU type, or, when
    /// it names none, in the largest pool that could hold it. Work no pool could hold is unschedulable.
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
        if (w.Running.Count > 0)
        {
            w.Pool = nodes.Pool[w.Running[0].Node];
            return;
        }

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
