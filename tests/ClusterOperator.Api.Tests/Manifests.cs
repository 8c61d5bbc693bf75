using ClusterOperator.Api.Model;
using ClusterOperator.Api.Validation;
using k8s;

namespace ClusterOperator.Api.Tests;

/// <summary>Loads our manifests into the C# types and validates them with the matching validator.</summary>
internal static class Manifests
{
    public static IReadOnlyList<FieldError> LoadAndValidate(string yaml)
    {
        var kind = yaml.Split('\n').Select(l => l.Trim()).First(l => l.StartsWith("kind:", StringComparison.Ordinal))[5..].Trim();
        return kind switch
        {
            TrainingRun.KubeKind => TrainingRunValidator.Validate(KubernetesYaml.Deserialize<TrainingRun>(yaml, strict: true)),
            IdeaExperiment.KubeKind => IdeaExperimentValidator.Validate(KubernetesYaml.Deserialize<IdeaExperiment>(yaml, strict: true)),
            _ => throw new InvalidOperationException($"Not one of our kinds: {kind}."),
        };
    }
}
