using k8s.Models;

namespace ClusterOperator.Sandbox.Tests.Support;

/// <summary>Pod builders for the simulated kubelet.</summary>
public static class Pods
{
    public static V1Pod Pod(string name, int gpus = 1, double? runSeconds = null, int? exitCode = null, string? node = null,
        string restartPolicy = "Never", double? checkpointSeconds = null, IDictionary<string, string>? labels = null)
    {
        var annotations = new Dictionary<string, string>();
        if (runSeconds is { } seconds)
        {
            annotations[SandboxConventions.RunSecondsAnnotation] = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        if (exitCode is { } code)
        {
            annotations[SandboxConventions.ExitCodeAnnotation] = code.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        if (checkpointSeconds is { } checkpoint)
        {
            annotations[SandboxConventions.CheckpointSecondsAnnotation] = checkpoint.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return new V1Pod
        {
            Metadata = new V1ObjectMeta { Name = name, Annotations = annotations, Labels = labels },
            Spec = new V1PodSpec
            {
                NodeName = node,
                RestartPolicy = restartPolicy,
                SchedulerName = "clusteroperator",
                Containers =
                [
                    new V1Container
                    {
                        Name = "main",
                        Image = "trainer:1.0",
                        Resources = new V1ResourceRequirements
                        {
                            Limits = new Dictionary<string, ResourceQuantity> { [SandboxConventions.GpuResource] = new(gpus.ToString(System.Globalization.CultureInfo.InvariantCulture)) },
                        },
                    },
                ],
            },
        };
    }

    public static V1Binding Binding(string pod, string node) => new()
    {
        Metadata = new V1ObjectMeta { Name = pod },
        Target = new V1ObjectReference { Kind = "Node", Name = node },
    };
}
