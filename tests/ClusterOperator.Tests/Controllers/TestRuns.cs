using ClusterOperator.Api;
using ClusterOperator.Api.Model;
using ClusterOperator.Workloads;
using k8s.Models;

namespace ClusterOperator.Tests.Controllers;

/// <summary>Builders for runs and their pods, with sensible defaults and chained setters.</summary>
internal static class TestRuns
{
    public static readonly DateTimeOffset Now = new(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);

    public static TrainingRun Run(string name = "r", int replicas = 2, int gpus = 4) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = "lab", Uid = "uid-" + name, Generation = 1 },
        Spec = new TrainingRunSpec
        {
            Replicas = replicas,
            GpusPerReplica = gpus,
            Template = new V1PodTemplateSpec
            {
                Spec = new V1PodSpec { Containers = [new V1Container { Name = "main", Image = "busybox", Args = ["train"] }] },
            },
        },
    };

    public static TrainingRun WithStatus(this TrainingRun run, Action<TrainingRunStatus> change)
    {
        run.Status ??= new TrainingRunStatus();
        change(run.Status);
        return run;
    }

    public static V1Pod Pod(TrainingRun run, int index) => GangPods.Build(run, index);

    public static V1Pod BoundTo(this V1Pod pod, string node, string phase = "Running")
    {
        pod.Spec.NodeName = node;
        pod.Status = new V1PodStatus { Phase = phase };
        return pod;
    }

    public static V1Pod Exited(this V1Pod pod, int exitCode)
    {
        pod.Status = new V1PodStatus
        {
            Phase = exitCode == 0 ? "Succeeded" : "Failed",
            ContainerStatuses =
            [
                new V1ContainerStatus
                {
                    Name = "main",
                    Image = "busybox",
                    ImageID = "",
                    Ready = false,
                    RestartCount = 0,
                    State = new V1ContainerState { Terminated = new V1ContainerStateTerminated { ExitCode = exitCode } },
                },
            ],
        };
        return pod;
    }

    public static V1Pod Rejected(this V1Pod pod)
    {
        pod.Status = new V1PodStatus { Phase = "Failed", Reason = "OutOf" + ApiGroup.GpuResource };
        return pod;
    }

    public static V1Pod Terminating(this V1Pod pod)
    {
        pod.Metadata.DeletionTimestamp = Now.UtcDateTime;
        return pod;
    }
}
