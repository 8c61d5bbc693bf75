using ClusterOperator.Api.Model;
using ClusterOperator.Api.Validation;
using CsCheck;
using k8s.Models;

namespace ClusterOperator.Api.Tests.Fuzz;

/// <summary>
/// The validators fed random and garbled specs and templates, as objects that bypassed the CRD schema: they answer
/// with errors, never an exception, and every error names a path and says something.
/// </summary>
public sealed class ValidatorFuzzTests
{
    /// <summary>Cases per property: modest for CI; set CsCheck_Iter to search harder locally.</summary>
    private static readonly long Iterations = long.TryParse(Environment.GetEnvironmentVariable("CsCheck_Iter"), out var n) ? n : 3_000;

    private static readonly Gen<int> Number = Gen.OneOf(Gen.Int[-3, 20], Gen.OneOfConst(int.MinValue, int.MaxValue, 1024, 1025));

    private static readonly Gen<string?> Text = Gen.OneOf(
        Gen.OneOfConst<string?>(
            null, "", " ", "a", "A", "-a", "a-", "9lives", "x\0y", "\uFFFD", "\ud800", "é", "Never", "Always", "clusteroperator",
            "90s", "0s", "-5m", "1h30m", "99999999999:00:00", "2147483647:00:00", "00:99:00", "1e400s", "99999999999999999999d",
            "1.5.5h", "ms", "nvidia.com/gpu", new string('a', 64), new string('a', 600)),
        Gen.String[Gen.Char.AlphaNumeric, 0, 70].Select(s => (string?)s));

    private static readonly Gen<string> Quantity = Gen.OneOfConst("1", "0", "-1", "8", "1e30", "1e-30", "1Ki", "500m", "9223372036854775807", "1E18");

    private static readonly Gen<V1Container> Container =
        from name in Text
        from image in Text
        from gpus in Quantity
        from limits in Gen.Bool
        from privileged in Gen.OneOfConst<bool?>(null, false, true)
        select new V1Container
        {
            Name = name!,
            Image = image,
            Resources = new V1ResourceRequirements
            {
                Limits = limits ? new Dictionary<string, ResourceQuantity> { [ApiGroup.GpuResource] = new(gpus) } : null,
                Requests = limits ? null : new Dictionary<string, ResourceQuantity> { [ApiGroup.GpuResource] = new(gpus) },
            },
            SecurityContext = privileged is null ? null : new V1SecurityContext { Privileged = privileged },
        };

    private static readonly Gen<V1PodTemplateSpec?> Template = Gen.OneOf(
        Gen.Const((V1PodTemplateSpec?)null),
        Gen.Const((V1PodTemplateSpec?)new V1PodTemplateSpec()),
        from containers in Gen.OneOf(Gen.Const((V1Container[]?)null), Container.Array[0, 3].Select(a => (V1Container[]?)a))
        from init in Container.Array[0, 2]
        from restart in Text
        from scheduler in Text
        from node in Text
        from host in Gen.OneOfConst<bool?>(null, false, true)
        from hostPath in Gen.Bool
        select (V1PodTemplateSpec?)new V1PodTemplateSpec
        {
            Spec = new V1PodSpec
            {
                Containers = containers,
                InitContainers = init,
                RestartPolicy = restart,
                SchedulerName = scheduler,
                NodeName = node,
                HostNetwork = host,
                HostPID = host,
                HostIPC = host,
                Volumes = hostPath ? [new V1Volume { Name = "v", HostPath = new V1HostPathVolumeSource { Path = "/" } }, null!] : null,
            },
        });

    [Fact]
    public void The_training_run_validator_answers_any_spec_with_errors_not_exceptions()
    {
        var run =
            from name in Text
            from owner in Text
            from replicas in Number
            from gpus in Number
            from backoff in Number
            from ttl in Gen.OneOf(Gen.Const((int?)null), Number.Select(v => (int?)v))
            from runtime in Text
            from grace in Number
            from elastic in Gen.Bool
            from min in Number
            from max in Number
            from template in Template
            select new TrainingRun
            {
                Metadata = new V1ObjectMeta { Name = name },
                Spec = new TrainingRunSpec
                {
                    Owner = owner,
                    Replicas = replicas,
                    GpusPerReplica = gpus,
                    BackoffLimit = backoff,
                    TtlSecondsAfterFinished = ttl,
                    MaxRuntime = runtime,
                    Preemption = new PreemptionSpec { GracePeriodSeconds = grace },
                    Elastic = elastic ? new ElasticSpec { MinReplicas = min, MaxReplicas = max } : null,
                    Template = template!,
                },
            };

        Gen.Select(run, Gen.Bool).Sample((r, allow) => AssertWellFormed(TrainingRunValidator.Validate(r, allow)), iter: Iterations);
    }

    [Fact]
    public void The_idea_validator_answers_any_spec_with_errors_not_exceptions()
    {
        var variant =
            from name in Text
            from env in Text
            select new IdeaVariant { Name = name!, Args = [env!], Env = [new V1EnvVar { Name = env! }, null!] };
        var idea =
            from owner in Text
            from hypothesis in Text
            from gpus in Number
            from duration in Text
            from variants in Gen.OneOf(Gen.Const((IdeaVariant[]?)null), variant.Array[0, 20].Select(a => (IdeaVariant[]?)[.. a, null!]))
            from promote in Gen.Bool
            from promoted in Text
            from replicas in Number
            from template in Template
            select new IdeaExperiment
            {
                Spec = new IdeaExperimentSpec
                {
                    Owner = owner,
                    Hypothesis = hypothesis,
                    Gpus = gpus,
                    MaxDuration = duration,
                    Variants = variants,
                    Promotion = promote ? new PromotionSpec { Variant = promoted, Name = promoted, Replicas = replicas, GpusPerReplica = replicas } : null,
                    Template = template!,
                },
            };

        Gen.Select(idea, Gen.Bool).Sample((i, allow) => AssertWellFormed(IdeaExperimentValidator.Validate(i, allow)), iter: Iterations);
    }

    private static void AssertWellFormed(IReadOnlyList<FieldError> errors) =>
        Assert.All(errors, e => Assert.True(e.Path.Length > 0 && e.Message.Length > 0, e.ToString()));
}
