using System.Globalization;
using ClusterOperator.Api;
using ClusterOperator.Api.Model;
using ClusterOperator.Sandbox;
using k8s.Models;

namespace ClusterOperator.Soak;

/// <summary>
/// One workload of a soak: what is submitted, when, and how its simulated pods behave (through the sandbox
/// kubelet's annotations), which fixes the terminal phase the run must reach.
/// </summary>
/// <param name="Name">Object name in the soak namespace.</param>
/// <param name="Kind">Gang, elastic or idea.</param>
/// <param name="Owner">spec.owner, the fair-share owner.</param>
/// <param name="ArrivalSeconds">When, after the soak starts, the run is created.</param>
/// <param name="Pods">Gang replicas, elastic maximum, or idea variants.</param>
/// <param name="MinPods">Pods that must be bound for the run to count as started (the elastic minimum; else <paramref name="Pods"/>).</param>
/// <param name="GpusPerPod">GPUs of each pod.</param>
/// <param name="RunSeconds">How long each pod runs once started.</param>
/// <param name="ExitCode">Each pod's exit code when it finishes; non-zero fails the run.</param>
/// <param name="TimeoutSeconds">maxRuntime (runs) or maxDuration (ideas), always well below <paramref name="RunSeconds"/> when set.</param>
internal sealed record PlannedRun(
    string Name,
    RunKind Kind,
    string Owner,
    double ArrivalSeconds,
    int Pods,
    int MinPods,
    int GpusPerPod,
    int RunSeconds,
    int ExitCode,
    int? TimeoutSeconds)
{
    public const string Namespace = "default";

    /// <summary>Grace period of evicted pods; the simulated trainer checkpoints in one second, so they stop sooner.</summary>
    public const int GracePeriodSeconds = 2;

    /// <summary>Restarts a failing gang gets before it fails for good.</summary>
    public const int BackoffLimit = 1;

    /// <summary>GPUs the run needs bound before it counts as started.</summary>
    public int StartGpus => MinPods * GpusPerPod;

    /// <summary>The terminal phase the pods' behaviour dictates.</summary>
    public string ExpectedPhase => (Kind, TimeoutSeconds, ExitCode) switch
    {
        (RunKind.Idea, not null, _) => nameof(IdeaPhase.TimedOut),
        (_, not null, _) => nameof(TrainingRunPhase.Failed),
        (_, null, 0) => nameof(TrainingRunPhase.Succeeded),
        _ => nameof(TrainingRunPhase.Failed),
    };

    /// <summary>The condition reason a failed TrainingRun must give, or null.</summary>
    public string? ExpectedFailureReason => Kind == RunKind.Idea || ExpectedPhase != nameof(TrainingRunPhase.Failed)
        ? null
        : TimeoutSeconds is null ? "BackoffLimitExceeded" : "MaxRuntimeExceeded";

    /// <summary>The manifest to create: a TrainingRun or an IdeaExperiment.</summary>
    public object Manifest() => Kind == RunKind.Idea ? Idea() : Training();

    private TrainingRun Training() => new()
    {
        ApiVersion = ApiGroup.ApiVersion,
        Kind = TrainingRun.KubeKind,
        Metadata = new V1ObjectMeta { Name = Name, NamespaceProperty = Namespace },
        Spec = new TrainingRunSpec
        {
            Owner = Owner,
            Replicas = Kind == RunKind.Elastic ? MinPods : Pods,
            Elastic = Kind == RunKind.Elastic ? new ElasticSpec { MinReplicas = MinPods, MaxReplicas = Pods } : null,
            GpusPerReplica = GpusPerPod,
            MaxRuntime = TimeoutSeconds is { } seconds ? Text(seconds) + "s" : null,
            BackoffLimit = BackoffLimit,
            Preemption = new PreemptionSpec { GracePeriodSeconds = GracePeriodSeconds },
            Template = Template(),
        },
    };

    private IdeaExperiment Idea() => new()
    {
        ApiVersion = ApiGroup.ApiVersion,
        Kind = IdeaExperiment.KubeKind,
        Metadata = new V1ObjectMeta { Name = Name, NamespaceProperty = Namespace },
        Spec = new IdeaExperimentSpec
        {
            Owner = Owner,
            Hypothesis = "soak",
            Gpus = GpusPerPod,
            MaxDuration = TimeoutSeconds is { } seconds ? Text(seconds) + "s" : null,
            Variants = Pods == 1 ? null : [.. Enumerable.Range(0, Pods).Select(i => new IdeaVariant { Name = "v" + Text(i), Args = ["--variant=" + Text(i)] })],
            Template = Template(),
        },
    };

    private V1PodTemplateSpec Template() => new()
    {
        Metadata = new V1ObjectMeta
        {
            Annotations = new Dictionary<string, string>
            {
                [SandboxConventions.RunSecondsAnnotation] = Text(RunSeconds),
                [SandboxConventions.ExitCodeAnnotation] = Text(ExitCode),
                [SandboxConventions.CheckpointSecondsAnnotation] = "1",
            },
        },
        Spec = new V1PodSpec { Containers = [new V1Container { Name = "main", Image = "busybox" }] },
    };

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}
