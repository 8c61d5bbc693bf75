using System.Globalization;
using ClusterOperator.Api.Model;

namespace ClusterOperator.Api.Validation;

/// <summary>
/// Checks every rule of a <see cref="TrainingRunSpec"/>, including the cross-field rules the CRD schema cannot
/// express. The schema rules are checked again, because objects can reach the operator without that schema.
/// </summary>
public static class TrainingRunValidator
{
    public static IReadOnlyList<FieldError> Validate(TrainingRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var errors = new ErrorList();
        var spec = run.Spec;
        if (spec is null)
        {
            errors.Add("spec", "is required.");
            return errors;
        }

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

        PodTemplateRules.Check(spec.Template, "spec.template", errors, spec.GpusPerReplica);
        return errors;
    }
}
