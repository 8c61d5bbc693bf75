using ClusterOperator.Simulation.Bench;

namespace ClusterOperator.Simulation.Tests.Bench;

public sealed class SyntheticTraceTests
{
    [Fact]
    public void It_has_exactly_the_requested_pods_and_no_pod_larger_than_a_node()
    {
        var jobs = SyntheticTrace.Generate(pods: 1_000, gpusPerNode: 4, owners: 3, seed: 7);

        Assert.Equal(1_000, jobs.Sum(j => j.Replicas));
        Assert.All(jobs, j => Assert.InRange(j.GpusPerReplica, 1, 4));
        Assert.Equal(["owner-00", "owner-01", "owner-02"], jobs.Select(j => j.Owner).Distinct().Order());
        Assert.Equal(jobs.Count, jobs.Select(j => j.Id).Distinct().Count());
        Assert.Contains(jobs, j => j.Replicas > 1);
    }

    [Fact]
    public void The_same_seed_gives_the_same_jobs()
    {
        Assert.Equal(SyntheticTrace.Generate(500, 8, 10, 1), SyntheticTrace.Generate(500, 8, 10, 1));
        Assert.NotEqual(SyntheticTrace.Generate(500, 8, 10, 1), SyntheticTrace.Generate(500, 8, 10, 2));
    }
}
