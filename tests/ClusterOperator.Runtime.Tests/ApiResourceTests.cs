using k8s.Models;

namespace ClusterOperator.Runtime.Tests;

public sealed class ApiResourceTests
{
    [Fact]
    public void Built_in_kinds_map_to_the_core_group()
    {
        Assert.Equal(new ApiResource("", "v1", "pods"), ApiResource.For<V1Pod>());
        Assert.Equal("nodes", ApiResource.For<V1Node>().ToString());
    }

    [Fact]
    public void Grouped_kinds_name_their_group()
    {
        Assert.Equal("leases.coordination.k8s.io", ApiResource.For<V1Lease>().ToString());
    }
}
