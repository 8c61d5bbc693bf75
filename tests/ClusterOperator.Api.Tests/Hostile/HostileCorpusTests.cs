using ClusterOperator.Api.Model;
using ClusterOperator.Api.Validation;
using k8s;

namespace ClusterOperator.Api.Tests.Hostile;

/// <summary>
/// The hostile corpus at the validator: what must not run is refused even without the CRD schema in front (objects
/// can reach the operator without it), and what must run passes. The cluster-level outcomes (422s, InvalidSpec
/// conditions, the operator still serving) are checked by ClusterOperator.Tests' HostileInputTests.
/// </summary>
public sealed class HostileCorpusTests
{
    public static TheoryData<string> Corpus() => [.. HostileManifest.LoadAll().Select(m => m.File)];

    [Fact]
    public void Corpus_holds_at_least_thirty_manifests_each_saying_what_it_attacks()
    {
        var corpus = HostileManifest.LoadAll();

        Assert.True(corpus.Count >= 30, $"{corpus.Count} manifests");
        Assert.All(corpus, m => Assert.False(string.IsNullOrWhiteSpace(m.Attacks)));
        Assert.All(corpus, m => Assert.Contains(m.Kind, new[] { TrainingRun.KubeKind, IdeaExperiment.KubeKind }));
        Assert.Equal(corpus.Count, corpus.Select(m => m.Name).Distinct().Count());
    }

    [Theory]
    [MemberData(nameof(Corpus))]
    public void Without_the_schema_the_validator_refuses_what_must_not_run(string file)
    {
        var manifest = HostileManifest.Load(Path.Combine(HostileManifest.Directory, file));
        var errors = TryValidate(manifest);
        switch (manifest.Outcome)
        {
            case HostileOutcome.Invalid when errors is not null && !manifest.Unreadable:
                Assert.Contains(errors, e => e.ToString().Contains(manifest.Detail, StringComparison.Ordinal));
                break;
            case HostileOutcome.Rejected when manifest.StatusCode == 422 && errors is not null:
                Assert.NotEmpty(errors);
                break;
            case HostileOutcome.Admitted when errors is not null:
                Assert.Empty(errors);
                break;
        }
    }

    /// <summary>
    /// The validator's verdict, or null when the manifest does not even read as its C# type (a wrong type the schema
    /// rejects, or one inside the template where the schema does not look: the operator must refuse those too).
    /// </summary>
    private static IReadOnlyList<FieldError>? TryValidate(HostileManifest manifest)
    {
        try
        {
            return manifest.Kind == TrainingRun.KubeKind
                ? TrainingRunValidator.Validate(KubernetesYaml.Deserialize<TrainingRun>(manifest.Body))
                : IdeaExperimentValidator.Validate(KubernetesYaml.Deserialize<IdeaExperiment>(manifest.Body));
        }
        catch (Exception e) when (e is YamlDotNet.Core.YamlException or FormatException or System.Text.Json.JsonException or InvalidOperationException)
        {
            return null;
        }
    }
}
