using ClusterOperator.Simulation.Clusters;

namespace ClusterOperator.Simulation.Tests.Clusters;

public sealed class ClusterReaderTests
{
    private static ClusterSpec Parse(params string[] lines) =>
        ClusterReader.Parse(new StringReader(string.Join('\n', lines)), "cluster.csv");

    [Fact]
    public void Nodes_are_read_with_optional_gpu_type_and_rack()
    {
        var cluster = Parse("name,gpus,gpu_type,rack", "n1,8,a100,r1", "n2,4,,", "", "n3,0,h100,");

        Assert.Equal(
            [new ClusterNodeSpec("n1", 8, "a100", "r1"), new ClusterNodeSpec("n2", 4, null, null), new ClusterNodeSpec("n3", 0, "h100", null)],
            cluster.Nodes);
        Assert.Equal(12, cluster.TotalGpus);
    }

    [Fact]
    public void Every_bad_row_is_listed_with_its_line_number()
    {
        var error = Assert.Throws<InputFormatException>(() => Parse(
            "name,gpus,gpu_type,rack",
            "n1,8,,",
            "n2,-1,,",
            ",8,,",
            "n1,8,,",
            "n4,8"));

        Assert.Equal(
            """
            cluster.csv: 4 invalid row(s):
              line 3: node n2: gpus '-1' is not a non-negative whole number
              line 4: name is empty
              line 5: duplicate node name 'n1', first used on line 2
              line 6: expected 4 columns, found 2
            """.ReplaceLineEndings(),
            error.Message);
    }

    [Theory]
    [InlineData("", "cluster.csv: the cluster file is empty; expected a header 'name,gpus,gpu_type,rack'")]
    [InlineData("node,gpu\nn1,8", "cluster.csv: line 1: unrecognised cluster header 'node,gpu'; expected 'name,gpus,gpu_type,rack'")]
    [InlineData("name,gpus,gpu_type,rack\n", "cluster.csv: the cluster has no nodes")]
    public void An_unusable_cluster_file_fails_clearly(string text, string message)
    {
        var error = Assert.Throws<InputFormatException>(() => ClusterReader.Parse(new StringReader(text), "cluster.csv"));

        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void A_uniform_cluster_has_identical_untyped_nodes()
    {
        var cluster = ClusterSpec.Uniform(3, 8);

        Assert.Equal(["node-0000", "node-0001", "node-0002"], cluster.Nodes.Select(n => n.Name));
        Assert.All(cluster.Nodes, n => Assert.Equal((8, null, null), (n.Gpus, n.GpuType, n.Rack)));
        Assert.Equal(24, cluster.TotalGpus);
    }
}
