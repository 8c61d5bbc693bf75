using ClusterOperator.Scheduling;
using ClusterOperator.Scheduling.Tests.Builders;
using static ClusterOperator.Scheduling.Tests.Builders.Make;

namespace ClusterOperator.Scheduling.Tests.Scenarios;

/// <summary>Rule 6: gangs, packing, topology, constraints, defragmentation, elastic runs.</summary>
public static class GangScenarios
{
    public static IEnumerable<Scenario> All { get; } =
    [
        new("A gang is bound whole or not at all",
            [Node("n1", 4).Obj(), Node("n2", 4).Obj(), Node("n3", 4).Obj()],
            [Workload("bob/b").Gpus(4).RunningOn("n3").Obj(), Workload("alice/gang").Replicas(3).Gpus(4).Obj()],
            ["wait alice/gang OverShare"]),

        new("A gang packs onto the fewest nodes",
            [Node("n1", 4).Obj(), Node("n2", 8).Obj(), Node("n3", 4).Obj()],
            [Workload("alice/g").Replicas(2).Gpus(4).Obj()],
            ["bind alice/g 0:n2 1:n2"]),

        new("Best fit keeps whole nodes free",
            [Node("n1").Obj(), Node("n2").Obj()],
            [Workload("bob/b").Gpus(4).RunningOn("n2").Obj(), Workload("alice/a").Gpus(4).Obj()],
            ["bind alice/a 0:n2"]),

        new("A multi-node gang prefers nodes in one rack",
            [Node("n1").Rack("a").Obj(), Node("n2").Rack("b").Obj(), Node("n3").Rack("b").Obj()],
            [Workload("alice/g").Replicas(2).Gpus(8).Obj()],
            ["bind alice/g 0:n2 1:n3"]),

        new("An NVLink domain is preferred over a rack",
            [Node("n1").Rack("a").NvLink("x").Obj(), Node("n2").Rack("a").NvLink("y").Obj(), Node("n3").Rack("b").NvLink("y").Obj()],
            [Workload("alice/g").Replicas(2).Gpus(8).Obj()],
            ["bind alice/g 0:n2 1:n3"]),

        new("Fewer nodes beat a shared rack",
            [Node("n1", 16).Rack("a").Obj(), Node("n2").Rack("b").Obj(), Node("n3").Rack("b").Obj()],
            [Workload("alice/g").Replicas(2).Gpus(8).Obj()],
            ["bind alice/g 0:n1 1:n1"]),

        new("Node selectors are honoured",
            [Node("n1").Obj(), Node("n2").Label("pool", "train").Obj()],
            [Workload("alice/a").Selector("pool", "train").Obj()],
            ["bind alice/a 0:n2"]),

        new("Required affinity In is honoured",
            [Node("n1").Label("zone", "a").Obj(), Node("n2").Label("zone", "b").Obj()],
            [Workload("alice/a").Affinity("zone", NodeSelectorOperator.In, "b", "c").Obj()],
            ["bind alice/a 0:n2"]),

        new("Required affinity DoesNotExist and NotIn are honoured",
            [Node("n1").Label("broken", "yes").Obj(), Node("n2").Label("zone", "a").Obj(), Node("n3").Obj()],
            [Workload("alice/a").Affinity("broken", NodeSelectorOperator.DoesNotExist).Affinity("zone", NodeSelectorOperator.NotIn, "a").Obj()],
            ["bind alice/a 0:n3"]),

        new("Taints keep pods without a toleration away",
            [Node("n1").Taint("dedicated", "infra", TaintEffect.NoSchedule).Obj(), Node("n2").Obj()],
            [Workload("alice/a").Gpus(8).Obj(), Workload("bob/b").Gpus(8).Tolerates("dedicated", "infra").Obj()],
            ["bind alice/a 0:n2", "bind bob/b 0:n1"]),

        new("PreferNoSchedule taints do not block",
            [Node("n1").Taint("spot", null, TaintEffect.PreferNoSchedule).Obj()],
            [Workload("alice/a").Obj()],
            ["bind alice/a 0:n1"]),

        new("The GPU type is honoured",
            [Node("n1").Type("T4").Obj(), Node("n2").Type("A100").Obj()],
            [Workload("alice/a").GpuType("A100").Obj()],
            ["bind alice/a 0:n2"]),

        new("Not-ready and cordoned nodes receive nothing",
            [Node("n1").NotReady().Obj(), Node("n2").Cordoned().Obj(), Node("n3").Obj()],
            [Workload("alice/a").Obj()],
            ["bind alice/a 0:n3"]),

        new("Foreign pods' GPUs are not free",
            [Node("n1").Foreign(6).Obj(), Node("n2").Obj()],
            [Workload("alice/a").Gpus(4).Obj()],
            ["bind alice/a 0:n2"]),

        new("Work no node could ever hold is unschedulable",
            [Node("n1").Type("T4").Obj(), Node("n2").Type("T4").Obj()],
            [Workload("alice/h100").GpuType("H100").Obj(), Workload("alice/huge").Replicas(3).Gpus(8).Obj()],
            ["wait alice/h100 Unschedulable", "wait alice/huge Unschedulable"]),

        new("An elastic run starts at its minimum and grows into free GPUs",
            [Node("n1", 4).Obj()],
            [Workload("alice/el").Elastic(2, 6).Obj()],
            ["bind alice/el 0:n1 1:n1 2:n1 3:n1", "resize alice/el 0->4"]),

        new("A running elastic run grows when GPUs free up",
            [Node("n1", 4).Obj()],
            [Workload("alice/el").Elastic(1, 4).RunningOn("n1", "n1").Obj()],
            ["bind alice/el 2:n1 3:n1", "resize alice/el 2->4"]),

        new("A partial gang is completed before other work",
            [Node("n1").Obj(), Node("n2").Obj()],
            [Workload("alice/g").Replicas(2).Gpus(8).Pod(0, "n1").Obj(), Workload("bob/b").Gpus(8).SubmittedAgo(Minutes(20)).Obj()],
            ["bind alice/g 1:n2", "wait bob/b NoReclaimableCapacity"]),
    ];
}
