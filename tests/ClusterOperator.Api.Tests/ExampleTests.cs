using static ClusterOperator.Api.Tests.RepositoryPaths;

namespace ClusterOperator.Api.Tests;

public sealed class ExampleTests
{
    public static TheoryData<string> Examples() =>
        [.. FileNames(RepositoryPaths.Combine("examples"))];

    [Fact]
    public void The_four_documented_examples_exist() =>
        Assert.Subset(
            FileNames(RepositoryPaths.Combine("examples")).ToHashSet(),
            new HashSet<string> { "trainingrun.yaml", "trainingrun-elastic.yaml", "idea.yaml", "idea-variants.yaml" });

    [Theory]
    [MemberData(nameof(Examples))]
    public void Example_parses_into_the_api_types_and_is_valid(string file)
    {
        var yaml = File.ReadAllText(RepositoryPaths.Combine("examples", file));

        Assert.Empty(Manifests.LoadAndValidate(yaml));
    }
}
