using System.Globalization;
using ClusterOperator.Api.Model;

namespace ClusterOperator.Api.Validation;

/// <summary>
/// Checks every rule of an <see cref="IdeaExperimentSpec"/>, including the cross-field rules the CRD schema
/// cannot express: unique variant names and a promotion variant that exists.
/// </summary>
public static class IdeaExperimentValidator
{
    /// <summary>Every error of the spec; privileged templates are refused unless <paramref name="allowPrivilegedPods"/>.</summary>
    public static IReadOnlyList<FieldError> Validate(IdeaExperiment idea, bool allowPrivilegedPods = false)
    {
        ArgumentNullException.ThrowIfNull(idea);
        var errors = new ErrorList();
        var spec = idea.Spec;
        if (spec is null)
        {
            errors.Add("spec", "is required.");
            return errors;
        }

        errors.DnsLabel("spec.owner", spec.Owner);
        errors.Range("spec.gpus", spec.Gpus, 1, 8);
        errors.Duration("spec.maxDuration", spec.MaxDuration);
        if (spec.Hypothesis is { Length: > 512 } hypothesis)
        {
            errors.Add("spec.hypothesis", string.Create(CultureInfo.InvariantCulture, $"must be at most 512 characters, but has {hypothesis.Length}."));
        }

        var variantNames = CheckVariants(spec, errors);
        if (spec.Promotion is { } promotion)
        {
            CheckPromotion(promotion, variantNames, errors);
        }

        PodTemplateRules.Check(spec.Template, "spec.template", errors, spec.Gpus, allowPrivilegedPods);
        return errors;
    }

    private static HashSet<string> CheckVariants(IdeaExperimentSpec spec, ErrorList errors)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        if (spec.Variants is not { } variants)
        {
            return names;
        }

        if (variants.Count > IdeaExperimentSpec.MaxVariants)
        {
            errors.Add("spec.variants", string.Create(
                CultureInfo.InvariantCulture,
                $"may list at most {IdeaExperimentSpec.MaxVariants} variants, but lists {variants.Count}; an idea is small, so promote it to a TrainingRun to go bigger."));
            return names;
        }

        for (var i = 0; i < variants.Count; i++)
        {
            var path = string.Create(CultureInfo.InvariantCulture, $"spec.variants[{i}]");
            var name = variants[i]?.Name;
            errors.DnsLabel(path + ".name", name, required: true);
            if (!string.IsNullOrEmpty(name) && !names.Add(name))
            {
                errors.Add(path + ".name", $"'{name}' names two variants; variant names must be unique.");
            }

            if (variants[i]?.Env is { } env && env.Any(e => string.IsNullOrEmpty(e?.Name)))
            {
                errors.Add(path + ".env", "every environment variable needs a name.");
            }
        }

        return names;
    }

    private static void CheckPromotion(PromotionSpec promotion, HashSet<string> variantNames, ErrorList errors)
    {
        errors.Range("spec.promotion.replicas", promotion.Replicas, 1, 1024);
        errors.Range("spec.promotion.gpusPerReplica", promotion.GpusPerReplica, 0, 16);
        errors.DnsLabel("spec.promotion.name", promotion.Name);
        if (string.IsNullOrEmpty(promotion.Variant))
        {
            if (variantNames.Count > 0)
            {
                errors.Add("spec.promotion.variant", $"is required when the experiment has variants; choose one of {string.Join(", ", variantNames)}.");
            }

            return;
        }

        if (!variantNames.Contains(promotion.Variant))
        {
            errors.Add("spec.promotion.variant", variantNames.Count == 0
                ? $"'{promotion.Variant}' does not exist: the experiment has no variants."
                : $"'{promotion.Variant}' is not one of the variants ({string.Join(", ", variantNames)}).");
        }
    }
}
