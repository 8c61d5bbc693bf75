using ClusterOperator.Api;
using ClusterOperator.Api.Model;
using k8s.Models;

namespace ClusterOperator.Workloads;

/// <summary>Builds one pod per variant of an <see cref="IdeaExperiment"/>.</summary>
internal static class IdeaPods
{
    /// <summary>The variant name of an experiment that lists no variants.</summary>
    public const string MainVariant = "main";

    public static IReadOnlyList<string> VariantNames(IdeaExperimentSpec spec) =>
        spec.Variants is { Count: > 0 } variants ? [.. variants.Select(v => v.Name)] : [MainVariant];

    public static string PodName(IdeaExperiment idea, string variant) => $"{idea.Metadata.Name}-{variant}";

    public static V1Pod Build(IdeaExperiment idea, string variantName, TimeSpan maxDuration)
    {
        var pod = PodTemplates.Instantiate(
            idea.Spec.Template,
            idea,
            PodName(idea, variantName),
            new Dictionary<string, string>
            {
                [ApiGroup.IdeaLabel] = idea.Metadata.Name,
                [ApiGroup.VariantLabel] = variantName,
            },
            idea.Spec.Gpus);
        pod.Spec.ActiveDeadlineSeconds = (long)Math.Ceiling(maxDuration.TotalSeconds);

        if (idea.Spec.Variants?.FirstOrDefault(v => v.Name == variantName) is { } variant)
        {
            var main = pod.Spec.Containers[0];
            if (variant.Args is { } args)
            {
                main.Args = [.. args];
            }

            if (variant.Env is { Count: > 0 } env)
            {
                main.Env = [.. main.Env ?? [], .. env];
            }
        }

        return pod;
    }
}
