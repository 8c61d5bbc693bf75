using System.Globalization;
using ClusterOperator.Api.Model;

namespace ClusterOperator.Api.Validation;

/// <summary>
/// Checks every rule of a <see cref="TrainingRunSpec"/>, including the cross-field rules the CRD schema cannot
/// express. The schema rules are checked again, because objects can reach the operator without that schema.
/// </summary>
public static class TrainingRunValidator
{
    public const int MaxNameLength = 58;

    /// <summary>Every error of the spec; privileged templates are refused unless <paramref name="allowPrivilegedPods"/>.</summary>
    public static IReadOnlyList<FieldError> Validate(TrainingRun run, bool allowPrivilegedPods = false)
    {
        ArgumentNullException.ThrowIfNull(run);
        var errors = new ErrorList();
        var spec = run.Spec;
        if (spec is null)
        {
            errors.Add("spec", "is required.");
            return errors;
        }

        CheckName(run.Metadata?.Name, errors);
        errors.DnsLabel("spec.owner", spec.Owner);
        errors.Range("spec.replicas", spec.Replicas, 1, 1024);
        errors.Range("spec.gpusPerReplica", spec.GpusPerReplica, 0, 16);
        errors.Range("spec.backoffLimit", spec.BackoffLimit, 0, 100);
        errors.Duration("spec.maxRuntime", spec.MaxRuntime);
        if (spec.Preemption is { } preemption)
        {
            errors.Range("spec.preemption.gracePeriodSeconds", preemption.GracePeriodSeconds, 0, 3600);
        }

        if (spec.TtlSecondsAfterFinished is < 0)
        {
            errors.Add("spec.ttlSecondsAfterFinished", "must not be negative.");
        }

        if (spec.Elastic is { } elastic)
        {
            errors.Range("spec.elastic.minReplicas", elastic.MinReplicas, 1, 1024);
            errors.Range("spec.elastic.maxReplicas", elastic.MaxReplicas, 1, 1024);
            if (elastic.MinReplicas > elastic.MaxReplicas)
            {
                errors.Add("spec.elastic", string.Create(
                    CultureInfo.InvariantCulture,
                    $"minReplicas ({elastic.MinReplicas}) must not exceed maxReplicas ({elastic.MaxReplicas})."));
            }
        }

        PodTemplateRules.Check(spec.Template, "spec.template", errors, spec.GpusPerReplica, allowPrivilegedPods);
        return errors;
    }

    /// <summary>
    /// The run's name becomes its rendezvous Service's name and, with a replica index, its pods' host names,
    /// so it must be a DNS-1035 label short enough to take "-1023".
    /// </summary>
    private static void CheckName(string? name, ErrorList errors)
    {
        if (string.IsNullOrEmpty(name))
        {
            return;
        }

        if (name.Length > MaxNameLength || !char.IsAsciiLetterLower(name[0]) || !ErrorList.IsDnsLabel(name))
        {
            errors.Add("metadata.name", string.Create(
                CultureInfo.InvariantCulture,
                $"'{ErrorList.Truncate(name)}' must start with a lower-case letter, hold only lower-case letters, digits and '-', and have at most {MaxNameLength} characters: it names the run's Service and pods."));
        }
    }
}
