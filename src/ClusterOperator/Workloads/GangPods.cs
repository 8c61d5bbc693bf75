using System.Globalization;
using ClusterOperator.Api;
using ClusterOperator.Api.Model;
using k8s.Models;

namespace ClusterOperator.Workloads;

/// <summary>
/// Builds the pods and the rendezvous Service of a <see cref="TrainingRun"/>. Names are stable
/// (<c>run-0</c>, <c>run-1</c>, …) so a restarted operator finds what it already created.
/// </summary>
internal static class GangPods
{
    public const int MasterPort = 29500;

    /// <summary>Label carrying the gang attempt a pod belongs to; pods of older attempts are stale.</summary>
    public const string AttemptLabel = ApiGroup.Group + "/attempt";

    /// <summary>The number of pods a run keeps: its replicas, or for an elastic run its maximum size.</summary>
    public static int PodCount(TrainingRunSpec spec) => spec.Elastic?.MaxReplicas ?? spec.Replicas;

    public static string PodName(TrainingRun run, int index) =>
        string.Create(CultureInfo.InvariantCulture, $"{run.Metadata.Name}-{index}");

    public static V1Pod Build(TrainingRun run, int index)
    {
        var spec = run.Spec;
        var attempt = (run.Status?.Restarts ?? 0).ToString(CultureInfo.InvariantCulture);
        var indexText = index.ToString(CultureInfo.InvariantCulture);
        var pod = PodTemplates.Instantiate(
            spec.Template,
            run,
            PodName(run, index),
            new Dictionary<string, string>
            {
                [ApiGroup.RunLabel] = run.Metadata.Name,
                [ApiGroup.ReplicaIndexLabel] = indexText,
                [AttemptLabel] = attempt,
            },
            spec.GpusPerReplica);

        // hostname + subdomain give each pod the DNS name <run>-<i>.<run>.<ns>.svc through the headless Service.
        pod.Spec.Hostname = pod.Metadata.Name;
        pod.Spec.Subdomain = run.Metadata.Name;
        pod.Spec.TerminationGracePeriodSeconds = spec.Preemption?.GracePeriodSeconds ?? new PreemptionSpec().GracePeriodSeconds;

        var worldSize = PodCount(spec).ToString(CultureInfo.InvariantCulture);
        var environment = new List<V1EnvVar>
        {
            Env("MASTER_ADDR", $"{PodName(run, 0)}.{run.Metadata.Name}.{run.Metadata.NamespaceProperty}.svc"),
            Env("MASTER_PORT", MasterPort.ToString(CultureInfo.InvariantCulture)),
            Env("WORLD_SIZE", worldSize),
            Env("RANK", indexText),
            Env("NODE_RANK", indexText),
            Env("LOCAL_WORLD_SIZE", Math.Max(1, spec.GpusPerReplica).ToString(CultureInfo.InvariantCulture)),
            Env("CLUSTEROPERATOR_RESTART_COUNT", attempt),
        };
        if (spec.Elastic is { } elastic)
        {
            environment.Add(Env("PET_NNODES", string.Create(CultureInfo.InvariantCulture, $"{elastic.MinReplicas}:{elastic.MaxReplicas}")));
        }

        PodTemplates.SetEnvironment(pod.Spec, environment);
        return pod;
    }

    private static V1EnvVar Env(string name, string value) => new() { Name = name, Value = value };

    /// <summary>The headless Service that gives the gang's pods stable DNS names for rendezvous.</summary>
    public static V1Service BuildService(TrainingRun run) => new()
    {
        ApiVersion = "v1",
        Kind = "Service",
        Metadata = new V1ObjectMeta
        {
            Name = run.Metadata.Name,
            NamespaceProperty = run.Metadata.NamespaceProperty,
            Labels = new Dictionary<string, string> { [ApiGroup.RunLabel] = run.Metadata.Name },
            OwnerReferences = [PodTemplates.ControllerReference(run)],
        },
        Spec = new V1ServiceSpec
        {
            ClusterIP = "None",
            PublishNotReadyAddresses = true,
            Selector = new Dictionary<string, string> { [ApiGroup.RunLabel] = run.Metadata.Name },
            Ports = [new V1ServicePort { Name = "rendezvous", Port = MasterPort, Protocol = "TCP" }],
        },
    };
}
