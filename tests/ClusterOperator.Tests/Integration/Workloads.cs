using ClusterOperator.Api.Model;
using ClusterOperator.Sandbox;
using k8s.Models;

namespace ClusterOperator.Tests.Integration;

/// <summary>Manifests for integration tests: sensible defaults, the sandbox's pod behaviour in annotations.</summary>
internal static class Workloads
{
    public static TrainingRun Training(string name, string owner, int replicas, int gpusPerReplica, int? runSeconds = null, int grace = 1, int? exitCode = null) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = "default" },
        Spec = new TrainingRunSpec
        {
            Owner = owner,
            Replicas = replicas,
            GpusPerReplica = gpusPerReplica,
            Preemption = new PreemptionSpec { GracePeriodSeconds = grace },
            Template = Template(runSeconds, exitCode),
        },
    };

    public static IdeaExperiment Idea(string name, string owner, int? runSeconds, params string[] variants) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = "default" },
        Spec = new IdeaExperimentSpec
        {
            Owner = owner,
            Hypothesis = "it works",
            Variants = variants.Length == 0 ? null : [.. variants.Select(v => new IdeaVariant { Name = v, Args = ["--variant=" + v] })],
            Template = Template(runSeconds, null),
        },
    };

    public static V1PodTemplateSpec Template(int? runSeconds, int? exitCode)
    {
        var annotations = new Dictionary<string, string> { [SandboxConventions.CheckpointSecondsAnnotation] = "1" };
        if (runSeconds is { } seconds)
        {
            annotations[SandboxConventions.RunSecondsAnnotation] = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        if (exitCode is { } code)
        {
            annotations[SandboxConventions.ExitCodeAnnotation] = code.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return new V1PodTemplateSpec
        {
            Metadata = new V1ObjectMeta { Annotations = annotations },
            Spec = new V1PodSpec { Containers = [new V1Container { Name = "main", Image = "busybox" }] },
        };
    }
}
