using Xunit;

namespace ClusterOperator.Scheduling.Tests.Properties;

/// <summary>Checks of one plan against the snapshot it was made from, written independently of the core's code.</summary>
public static class Invariants
{
    public static void NoNodeOverAllocated(ClusterSnapshot snapshot, SchedulingPlan plan)
    {
        var byId = snapshot.Workloads.ToDictionary(w => w.Id);
        foreach (var node in snapshot.Nodes)
        {
            var before = node.ForeignGpus + snapshot.Workloads.Sum(w => w.Pods.Count(p => p.Node == node.Name) * w.GpusPerReplica);
            var after = before + plan.Binds.Where(b => b.Node == node.Name).Sum(b => byId[b.WorkloadId].GpusPerReplica);
            Assert.True(before > node.Gpus || after <= node.Gpus, $"node {node.Name} holds {after} GPUs of {node.Gpus} after the plan");
        }
    }

    public static void GangsIntact(ClusterSnapshot snapshot, SchedulingPlan plan)
    {
        var byId = snapshot.Workloads.ToDictionary(w => w.Id);
        foreach (var binds in plan.Binds.GroupBy(b => b.WorkloadId))
        {
            var w = byId[binds.Key];
            var present = w.Pods.Select(p => p.Index).ToHashSet();
            var indices = binds.Select(b => b.PodIndex).ToList();
            Assert.Equal(indices.Count, indices.Distinct().Count());
            Assert.All(indices, i => Assert.True(i >= 0 && i < w.Replicas && !present.Contains(i), $"{w.Id} binds pod {i} twice or out of range"));
            var total = w.Pods.Count(p => !p.Terminating) + indices.Count;
            Assert.True(total >= (w.MinReplicas ?? w.Replicas) && total <= w.Replicas, $"{w.Id} would run {total} of {w.MinReplicas}..{w.Replicas} replicas");
            Assert.DoesNotContain(plan.Evictions, e => e.WorkloadId == w.Id);
        }

        foreach (var eviction in plan.Evictions)
        {
            var w = byId[eviction.WorkloadId];
            var running = w.Pods.Where(p => !p.Terminating).Select(p => p.Index).Order().ToList();
            if (eviction.WholeWorkload)
            {
                Assert.Equal(running, eviction.PodIndices.Order());
            }
            else
            {
                Assert.True(w.IsElastic, $"{w.Id} is shrunk but not elastic");
                Assert.All(eviction.PodIndices, i => Assert.Contains(i, running));
                Assert.True(running.Count - eviction.PodIndices.Count >= w.MinReplicas, $"{w.Id} shrinks below its minimum");
            }
        }
    }

    /// <summary>Rule 9: no waiting workload could be placed on the GPUs left free (its own reservation included).</summary>
    public static void WorkConserved(ClusterSnapshot snapshot, SchedulingPlan plan)
    {
        var byId = snapshot.Workloads.ToDictionary(w => w.Id);
        var used = snapshot.Nodes.ToDictionary(n => n.Name, n => n.ForeignGpus);
        foreach (var w in snapshot.Workloads)
        {
            foreach (var pod in w.Pods)
            {
                used[pod.Node] += w.GpusPerReplica;
            }
        }

        foreach (var bind in plan.Binds)
        {
            used[bind.Node] += byId[bind.WorkloadId].GpusPerReplica;
        }

        var reserved = plan.Reservations.SelectMany(r => r.Nodes).GroupBy(n => n.Node).ToDictionary(g => g.Key, g => g.Sum(n => n.Gpus));
        foreach (var (id, reason) in plan.Waiting)
        {
            if (reason.Code is WaitingCode.Terminating or WaitingCode.Unschedulable or WaitingCode.QuotaExceeded)
            {
                continue;
            }

            var w = byId[id];
            var pods = (w.MinReplicas ?? w.Replicas) - w.Pods.Count(p => !p.Terminating);
            var own = plan.Reservations.Where(r => r.BeneficiaryId == id).SelectMany(r => r.Nodes).ToDictionary(n => n.Node, n => n.Gpus);
            var fit = snapshot.Nodes
                .Where(n => n.Ready && n.Schedulable && w.Constraints.NodeSelector.All(s => n.Labels.TryGetValue(s.Key, out var v) && v == s.Value))
                .Sum(n => Math.Max(0, n.Gpus - used[n.Name] - reserved.GetValueOrDefault(n.Name) + own.GetValueOrDefault(n.Name)) / Math.Max(1, w.GpusPerReplica));
            Assert.True(fit < pods, $"{id} waits ({reason.Message}) although {fit} of its {pods} pods fit in free GPUs");
        }
    }
}
