using ClusterOperator.Api;
using ClusterOperator.Api.Model;
using ClusterOperator.Runtime;
using ClusterOperator.Runtime.Caching;
using ClusterOperator.Runtime.Informers;
using ClusterOperator.Scheduler;
using k8s.Models;

namespace ClusterOperator.Operator;

/// <summary>The informers the operator reads from, with the indexes its reconcilers look pods up by.</summary>
internal sealed class OperatorCaches
{
    public const string ByRun = "run";
    public const string ByIdea = "idea";
    public const string ByNode = "node";

    public OperatorCaches(SharedInformerFactory factory, string? watchNamespace)
    {
        var scope = new ResourceScope(watchNamespace);
        Runs = factory.GetInformer<TrainingRun>(scope, new ApiResource(ApiGroup.Group, ApiGroup.Version, TrainingRun.Plural));
        Ideas = factory.GetInformer<IdeaExperiment>(scope, new ApiResource(ApiGroup.Group, ApiGroup.Version, IdeaExperiment.Plural));

        // All pods, not only ours: GPUs held by other schedulers' pods are not free.
        Pods = factory.GetInformer<V1Pod>(ResourceScope.All);
        Nodes = factory.GetInformer<V1Node>(ResourceScope.All);
        Services = factory.GetInformer<V1Service>(new ResourceScope(watchNamespace, LabelSelector: ApiGroup.RunLabel));

        // Runs and ideas stay whole: their pod templates build pods and their status is written back from the cache;
        // only their strings from small sets are shared. Pods keep only what PodFacts, SnapshotBuilder and the
        // lifecycles read, nodes what NodeTranslator reads; Services are only checked for.
        Runs.SetTransform(Interned);
        Ideas.SetTransform(Interned);
        Pods.SetTransform(CacheTransforms.SlimPod);
        Nodes.SetTransform(CacheTransforms.SlimNode);
        Services.SetTransform(CacheTransforms.MetadataOnly);
        Pods.Cache.AddIndex(ByRun, Indexers.ControllerOwner<V1Pod>(TrainingRun.KubeKind));
        Pods.Cache.AddIndex(ByIdea, Indexers.ControllerOwner<V1Pod>(IdeaExperiment.KubeKind));
        Pods.Cache.AddIndex(ByNode, pod => string.IsNullOrEmpty(pod.Spec?.NodeName) ? [] : [pod.Spec.NodeName]);
    }

    public Informer<TrainingRun> Runs { get; }

    public Informer<IdeaExperiment> Ideas { get; }

    public Informer<V1Pod> Pods { get; }

    public Informer<V1Node> Nodes { get; }

    public Informer<V1Service> Services { get; }

    public IReadOnlyList<V1Pod> PodsOf(TrainingRun run) => Owned(ByRun, run);

    public IReadOnlyList<V1Pod> PodsOf(IdeaExperiment idea) => Owned(ByIdea, idea);

    /// <summary>The pods bound to a node.</summary>
    public IReadOnlyList<V1Pod> PodsOn(string node) => Pods.Cache.ByIndex(ByNode, node);

    public ClusterObjects Snapshot() => new(Runs.Cache.List(), Ideas.Cache.List(), Pods.Cache.List(), Nodes.Cache.List(), Pods.Cache.Get);

    /// <summary>A node is lost when it is gone or has not been Ready for <paramref name="grace"/>.</summary>
    public Func<string, bool> NodeIsLost(TimeSpan grace, DateTimeOffset now) => name =>
        Nodes.Cache.Get(ObjectKey.Cluster(name)) is not { } node || NodeTranslator.IsLost(node, grace, now);

    /// <summary>The run with its owner, template container names and condition words shared with every other run.</summary>
    internal static TrainingRun Interned(TrainingRun run)
    {
        CacheTransforms.Interned(run);
        InternShared(run.Spec, run.Status);
        return run;
    }

    /// <summary>The experiment with its owner, template container names and condition words shared.</summary>
    internal static IdeaExperiment Interned(IdeaExperiment idea)
    {
        CacheTransforms.Interned(idea);
        InternShared(idea.Spec, idea.Status);
        return idea;
    }

    // Condition messages are left alone: they carry numbers and names, so they would never stop adding to the pool.
    private static void InternShared(IWorkloadSpec? spec, IWorkloadStatus? status)
    {
        if (spec is not null)
        {
            spec.Owner = CachedMetadata.Intern(spec.Owner);
            foreach (var container in spec.Template?.Spec?.Containers ?? [])
            {
                container.Name = CachedMetadata.Intern(container.Name);
            }
        }

        if (status is not null)
        {
            status.Owner = CachedMetadata.Intern(status.Owner);
            foreach (var condition in status.Conditions ?? [])
            {
                condition.Type = CachedMetadata.Intern(condition.Type);
                condition.Status = CachedMetadata.Intern(condition.Status);
                condition.Reason = CachedMetadata.Intern(condition.Reason);
            }
        }
    }

    // The uid check keeps a new run from adopting the pods of a deleted run of the same name.
    private List<V1Pod> Owned(string index, k8s.IKubernetesObject<V1ObjectMeta> owner) =>
        [.. Pods.Cache.ByIndex(index, ObjectKey.From(owner).ToString()).Where(p => p.Metadata.OwnerReferences?.Any(o => o.Uid == owner.Metadata.Uid) == true)];
}
