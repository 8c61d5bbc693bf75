using CsCheck;

namespace ClusterOperator.Scheduling.Tests.Properties;

/// <summary>Random clusters and arrival sequences, small enough to keep the property tests quick on 2 cores.</summary>
public static class Generators
{
    private static readonly string[] Owners = ["alice", "bob", "carol", "dave"];

    /// <summary>Mixed shapes: gangs, elastic runs, ideas, node selectors, 4- and 8-GPU nodes.</summary>
    public static Gen<ClusterSpec> Mixed(bool forever = false) =>
        from nodes in Node.Array[1, 6]
        from jobs in Job(forever).Array[2, 24]
        select new ClusterSpec(Named(nodes), Numbered(jobs));

    /// <summary>
    /// Gangs of 1-GPU pods with no constraints: any free GPU fits any pod, so whether a within-share run can be
    /// made room for is a matter of counting, and the rule-4 bound can be checked exactly.
    /// </summary>
    public static Gen<ClusterSpec> Fungible() =>
        from nodes in Gen.Int[1, 4]
        from jobs in FungibleJob.Array[1, 20]
        select new ClusterSpec([.. Enumerable.Range(0, nodes).Select(i => new Node { Name = $"n{i}", Gpus = 4 })], Numbered(jobs));

    private static Gen<Node> Node =>
        from gpus in Gen.OneOfConst(4, 8, 8, 8)
        from pool in Gen.OneOfConst<string?>(null, "a")
        from rack in Gen.OneOfConst("r1", "r2")
        select new Node { Name = string.Empty, Gpus = gpus, Rack = rack, Labels = pool is null ? new Dictionary<string, string>() : new Dictionary<string, string> { ["pool"] = pool } };

    private static Gen<JobSpec> Job(bool forever) =>
        from owner in Gen.OneOfConst(Owners)
        from idea in Gen.Int[0, 99]
        from replicas in Gen.Int[1, 3]
        from elastic in Gen.Int[0, 99]
        from min in Gen.Int[1, replicas]
        from gpus in Gen.OneOfConst(1, 1, 2, 2, 4, 8)
        from submit in Gen.Int[0, 20]
        from duration in Gen.Int[1, 40]
        from grace in Gen.OneOfConst(0, 10, 30, 60)
        from pool in Gen.OneOfConst<string?>(null, null, null, null, null, null, null, null, null, "a")
        select idea < 15
            ? new JobSpec(string.Empty, owner, WorkloadKind.Idea, 1, null, Math.Min(gpus, 4), submit, forever ? null : duration, grace, pool)
            : new JobSpec(string.Empty, owner, WorkloadKind.Training, replicas, elastic < 25 ? min : null, gpus, submit, forever ? null : duration, grace, pool);

    /// <summary>Alice fills the cluster early with long runs; the others arrive later with smaller demands.</summary>
    private static Gen<JobSpec> FungibleJob =>
        from owner in Gen.OneOfConst("alice", "alice", "alice", "bob", "carol", "dave")
        from replicas in Gen.Int[1, 4]
        from submit in owner == "alice" ? Gen.Int[0, 5] : Gen.Int[0, 40]
        from duration in owner == "alice" ? Gen.Int[20, 120] : Gen.Int[1, 60]
        from grace in Gen.OneOfConst(0, 10, 30)
        select new JobSpec(string.Empty, owner, WorkloadKind.Training, replicas, null, 1, submit, duration, grace, null);

    private static Node[] Named(Node[] nodes) => [.. nodes.Select((n, i) => n with { Name = $"n{i}" })];

    private static JobSpec[] Numbered(JobSpec[] jobs) => [.. jobs.Select((j, i) => j with { Id = $"{j.Owner}/j{i}" })];
}
