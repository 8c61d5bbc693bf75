using ClusterOperator.Runtime.Informers;
using k8s;
using k8s.Models;

namespace ClusterOperator.Runtime.Tests.Informers;

public sealed class CacheTransformsTests
{
    private const string Gpu = "nvidia.com/gpu";
    private static readonly DateTime Created = new(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc);

    public static TheoryData<string> PodStates => ["pending", "bound", "running", "succeeded", "failed", "terminating", "rejected"];

    [Theory]
    [MemberData(nameof(PodStates))]
    public void Slim_pod_answers_every_question_the_operator_asks_as_the_full_pod_does(string state)
    {
        var full = FullPod(state);

        var slim = CacheTransforms.SlimPod(full);

        Assert.Equal(Answers(full), Answers(slim));
    }

    [Fact]
    public void Slim_pod_drops_what_the_operator_never_reads()
    {
        var slim = CacheTransforms.SlimPod(FullPod("running"));

        Assert.Null(slim.Metadata.Annotations);
        Assert.Null(slim.Metadata.ManagedFields);
        Assert.Null(slim.Metadata.Finalizers);
        Assert.Null(slim.Spec.Volumes);
        Assert.Null(slim.Spec.Tolerations);
        Assert.Null(slim.Spec.Affinity);
        Assert.All(slim.Spec.Containers, c => Assert.True(c.Image is null && c.Env is null && c.Command is null && c.Args is null && c.LivenessProbe is null));
        Assert.Null(slim.Status.Conditions);
        Assert.Null(slim.Status.PodIP);
    }

    [Fact]
    public void Slim_pod_shares_no_mutable_metadata_with_the_original()
    {
        var full = FullPod("running");

        var slim = CacheTransforms.SlimPod(full);
        full.Metadata.Labels["replica-index"] = "9";
        full.Metadata.OwnerReferences[0].Name = "other";

        Assert.Equal("0", slim.Metadata.Labels["replica-index"]);
        Assert.Equal("run-a", slim.Metadata.OwnerReferences[0].Name);
    }

    [Fact]
    public void Slim_pod_keeps_a_bookmark_version()
    {
        var bookmark = new V1Pod { Metadata = new V1ObjectMeta { ResourceVersion = "42" } };

        Assert.Equal("42", CacheTransforms.SlimPod(bookmark).Metadata.ResourceVersion);
    }

    [Fact]
    public void Metadata_only_service_keeps_identity_labels_and_owners_only()
    {
        var service = new V1Service
        {
            ApiVersion = "v1",
            Kind = "Service",
            Metadata = Metadata(),
            Spec = new V1ServiceSpec { ClusterIP = "None", Selector = new Dictionary<string, string> { ["run"] = "run-a" } },
            Status = new V1ServiceStatus(),
        };

        var slim = CacheTransforms.MetadataOnly(service);

        Assert.Null(slim.Spec);
        Assert.Null(slim.Status);
        Assert.Null(slim.Metadata.Annotations);
        Assert.Equal(("v1", "Service", "run-a-0", "team", "uid-1", "7"), (slim.ApiVersion, slim.Kind, slim.Metadata.Name, slim.Metadata.NamespaceProperty, slim.Metadata.Uid, slim.Metadata.ResourceVersion));
        Assert.Equal(service.Metadata.Labels, slim.Metadata.Labels);
        Assert.Equal(("TrainingRun", "run-a", "run-uid", true), (slim.Metadata.OwnerReferences[0].Kind, slim.Metadata.OwnerReferences[0].Name, slim.Metadata.OwnerReferences[0].Uid, slim.Metadata.OwnerReferences[0].Controller));
    }

    [Fact]
    public void Strings_from_small_sets_are_shared_between_cached_objects()
    {
        var first = CacheTransforms.SlimPod(FullPod("running"));
        var second = CacheTransforms.SlimPod(FullPod("running"));

        Assert.Same(first.Metadata.NamespaceProperty, second.Metadata.NamespaceProperty);
        Assert.Same(first.Metadata.Labels.Keys.First(), second.Metadata.Labels.Keys.First());
        Assert.Same(first.Metadata.OwnerReferences[0].Kind, second.Metadata.OwnerReferences[0].Kind);
        Assert.Same(first.Spec.NodeName, second.Spec.NodeName);
        Assert.Same(first.Status.Phase, second.Status.Phase);
    }

    [Fact]
    public void Interned_object_keeps_every_field_and_shares_its_strings_from_small_sets()
    {
        var json = KubernetesJson.Serialize(FullPod("running"));
        var first = KubernetesJson.Deserialize<V1Pod>(json);
        var second = KubernetesJson.Deserialize<V1Pod>(json);
        Assert.NotSame(first.Metadata.NamespaceProperty, second.Metadata.NamespaceProperty);

        Assert.Same(first, CacheTransforms.Interned(first));
        CacheTransforms.Interned(second);

        Assert.Equal(json, KubernetesJson.Serialize(first));
        Assert.Same(first.ApiVersion, second.ApiVersion);
        Assert.Same(first.Kind, second.Kind);
        Assert.Same(first.Metadata.NamespaceProperty, second.Metadata.NamespaceProperty);
        Assert.Same(first.Metadata.Labels.Keys.First(), second.Metadata.Labels.Keys.First());
        Assert.Same(first.Metadata.OwnerReferences[0].Kind, second.Metadata.OwnerReferences[0].Kind);
        Assert.NotSame(first.Metadata.Uid, second.Metadata.Uid);
    }

    [Fact]
    public void Slim_node_keeps_what_scheduling_reads_and_drops_images_and_addresses()
    {
        var transition = Created.AddMinutes(5);
        var node = new V1Node
        {
            ApiVersion = "v1",
            Kind = "Node",
            Metadata = new V1ObjectMeta { Name = "node-3", ResourceVersion = "9", Labels = new Dictionary<string, string> { ["topology.kubernetes.io/zone"] = "z1" } },
            Spec = new V1NodeSpec { Unschedulable = true, Taints = [new V1Taint { Key = Gpu, Effect = "NoSchedule" }], PodCIDR = "10.1.0.0/24" },
            Status = new V1NodeStatus
            {
                Allocatable = new Dictionary<string, ResourceQuantity> { [Gpu] = new("8") },
                Capacity = new Dictionary<string, ResourceQuantity> { [Gpu] = new("8") },
                Conditions = [new V1NodeCondition { Type = "Ready", Status = "False", Reason = "KubeletNotReady", Message = new string('m', 300), LastHeartbeatTime = Created, LastTransitionTime = transition }],
                Images = [new V1ContainerImage { Names = ["registry.example.com/trainer@sha256:abc", "registry.example.com/trainer:1"], SizeBytes = 1 << 30 }],
                Addresses = [new V1NodeAddress { Type = "InternalIP", Address = "10.0.0.3" }],
                NodeInfo = new V1NodeSystemInfo { KubeletVersion = "v1.34.0" },
            },
        };

        var slim = CacheTransforms.SlimNode(node);

        Assert.Equal(("v1", "Node", "node-3", "9", "z1"), (slim.ApiVersion, slim.Kind, slim.Metadata.Name, slim.Metadata.ResourceVersion, slim.Metadata.Labels["topology.kubernetes.io/zone"]));
        Assert.True(slim.Spec.Unschedulable);
        Assert.Equal((Gpu, "NoSchedule"), (slim.Spec.Taints[0].Key, slim.Spec.Taints[0].Effect));
        Assert.Equal(8, slim.Status.Allocatable[Gpu].ToInt64());
        Assert.Equal(8, slim.Status.Capacity[Gpu].ToInt64());
        var ready = Assert.Single(slim.Status.Conditions);
        Assert.Equal(("Ready", "False", "KubeletNotReady", transition), (ready.Type, ready.Status, ready.Reason, ready.LastTransitionTime));
        Assert.Null(ready.Message);
        Assert.Null(slim.Status.Images);
        Assert.Null(slim.Status.Addresses);
        Assert.Null(slim.Status.NodeInfo);
        Assert.Null(slim.Spec.PodCIDR);
    }

    [Fact]
    public void Slim_node_keeps_a_bookmark_version()
    {
        var bookmark = new V1Node { Metadata = new V1ObjectMeta { ResourceVersion = "42" } };

        Assert.Equal("42", CacheTransforms.SlimNode(bookmark).Metadata.ResourceVersion);
    }

    // Every field PodFacts, SnapshotBuilder, Quantities, the lifecycles, PlanApplier, OperatorApi, EventRecorder and
    // the cache indexes read from a cached pod.
    private static string Answers(V1Pod pod) => string.Join('|',
        pod.ApiVersion,
        pod.Kind,
        pod.Metadata.Name,
        pod.Metadata.NamespaceProperty,
        pod.Metadata.Uid,
        pod.Metadata.ResourceVersion,
        pod.Metadata.CreationTimestamp,
        pod.Metadata.DeletionTimestamp,
        string.Join(',', pod.Metadata.Labels.Select(l => $"{l.Key}={l.Value}")),
        string.Join(',', pod.Metadata.OwnerReferences.Select(o => $"{o.ApiVersion}/{o.Kind}/{o.Name}/{o.Uid}/{o.Controller}")),
        pod.Spec.NodeName,
        pod.Spec.SchedulerName,
        pod.Spec.TerminationGracePeriodSeconds,
        pod.Spec.ActiveDeadlineSeconds,
        string.Join(',', pod.Spec.Containers.Select(c => $"{c.Name}:{Gpus(c.Resources?.Limits)}/{Gpus(c.Resources?.Requests)}")),
        string.Join(',', pod.Spec.InitContainers?.Select(c => $"{c.Name}:{Gpus(c.Resources?.Limits)}/{Gpus(c.Resources?.Requests)}") ?? []),
        pod.Status?.Phase,
        pod.Status?.Reason,
        pod.Status?.StartTime,
        pod.Status?.ContainerStatuses?.FirstOrDefault()?.State?.Terminated?.ExitCode);

    private static long Gpus(IDictionary<string, ResourceQuantity>? resources) =>
        resources?.TryGetValue(Gpu, out var quantity) == true ? quantity.ToInt64() : -1;

    private static V1Pod FullPod(string state)
    {
        var bound = state is not "pending";
        var pod = new V1Pod
        {
            ApiVersion = "v1",
            Kind = "Pod",
            Metadata = Metadata(),
            Spec = new V1PodSpec
            {
                NodeName = bound ? "node-3" : null,
                SchedulerName = "clusteroperator",
                TerminationGracePeriodSeconds = 30,
                ActiveDeadlineSeconds = 3600,
                Containers = [Container("main", 2), Container("sidecar", 0)],
                InitContainers = [Container("setup", 1)],
                Volumes = [new V1Volume { Name = "data", EmptyDir = new V1EmptyDirVolumeSource() }],
                Tolerations = [new V1Toleration { Key = Gpu, OperatorProperty = "Exists" }],
                Affinity = new V1Affinity { NodeAffinity = new V1NodeAffinity() },
            },
            Status = new V1PodStatus
            {
                Phase = state switch { "succeeded" => "Succeeded", "failed" or "rejected" => "Failed", "running" or "terminating" => "Running", _ => "Pending" },
                Reason = state is "rejected" ? "OutOf" + Gpu : null,
                StartTime = bound ? Created.AddMinutes(1) : null,
                PodIP = "10.0.0.7",
                Conditions = [new V1PodCondition { Type = "Ready", Status = "True" }],
                ContainerStatuses = [new V1ContainerStatus
                {
                    Name = "main",
                    Image = "trainer:1",
                    ImageID = "sha256:abc",
                    Ready = state is "running",
                    State = state is "succeeded" or "failed"
                        ? new V1ContainerState { Terminated = new V1ContainerStateTerminated { ExitCode = state is "failed" ? 3 : 0, Reason = "Completed", Message = new string('m', 500) } }
                        : new V1ContainerState { Running = new V1ContainerStateRunning { StartedAt = Created } },
                }],
            },
        };
        if (state is "terminating")
        {
            pod.Metadata.DeletionTimestamp = Created.AddHours(1);
        }

        return pod;
    }

    private static V1ObjectMeta Metadata() => new()
    {
        Name = "run-a-0",
        NamespaceProperty = "team",
        Uid = "uid-1",
        ResourceVersion = "7",
        CreationTimestamp = Created,
        Labels = new Dictionary<string, string> { ["replica-index"] = "0", ["run"] = "run-a", ["attempt"] = "0" },
        Annotations = new Dictionary<string, string> { ["kubectl.kubernetes.io/last-applied-configuration"] = new('x', 2000) },
        Finalizers = ["example.com/keep"],
        ManagedFields = [new V1ManagedFieldsEntry { Manager = "kubectl", Operation = "Apply" }],
        OwnerReferences = [new V1OwnerReference { ApiVersion = "training.clusteroperator.io/v1", Kind = "TrainingRun", Name = "run-a", Uid = "run-uid", Controller = true }],
    };

    private static V1Container Container(string name, int gpus) => new()
    {
        Name = name,
        Image = "trainer:1",
        Command = ["python", "train.py"],
        Args = ["--epochs", "3"],
        Env = [new V1EnvVar { Name = "RANK", Value = "0" }],
        LivenessProbe = new V1Probe { Exec = new V1ExecAction { Command = ["true"] } },
        Resources = gpus == 0 ? null : new V1ResourceRequirements
        {
            Limits = new Dictionary<string, ResourceQuantity> { [Gpu] = new(gpus.ToString(System.Globalization.CultureInfo.InvariantCulture)) },
            Requests = new Dictionary<string, ResourceQuantity> { [Gpu] = new(gpus.ToString(System.Globalization.CultureInfo.InvariantCulture)) },
        },
    };
}
