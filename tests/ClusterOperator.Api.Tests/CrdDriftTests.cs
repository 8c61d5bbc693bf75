using ClusterOperator.Api.Schema;

namespace ClusterOperator.Api.Tests;

public sealed class CrdDriftTests
{
    [Fact]
    public void Config_crd_holds_exactly_the_generated_output()
    {
        var committed = File.ReadAllText(RepositoryPaths.Combine("config", "crd", "crds.yaml"));

        Assert.True(
            committed == CrdGenerator.GenerateYaml(),
            "config/crd/crds.yaml differs from the CRDs generated from the C# types; regenerate it with " +
            "`dotnet run --project src/ClusterOperator -- crds > config/crd/crds.yaml`.");
    }
}
