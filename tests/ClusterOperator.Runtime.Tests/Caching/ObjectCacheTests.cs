using ClusterOperator.Runtime.Caching;
using ClusterOperator.Runtime.Tests.Support;
using k8s.Models;

namespace ClusterOperator.Runtime.Tests.Caching;

public sealed class ObjectCacheTests
{
    private const string RunLabel = "training.clusteroperator.io/run";
    private readonly ObjectCache<V1Pod> _cache = new();

    public ObjectCacheTests()
    {
        _cache.AddIndex(Indexers.PodsByNode, Indexers.NodeName());
    }

    [Fact]
    public void Objects_are_found_by_key_and_by_namespace()
    {
        _cache.Upsert(PodBuilder.Make("a", "team-a").Obj());
        _cache.Upsert(PodBuilder.Make("b", "team-b").Obj());

        Assert.Equal("a", _cache.Get(new ObjectKey("team-a", "a"))?.Metadata.Name);
        Assert.Null(_cache.Get(new ObjectKey("team-b", "a")));
        Assert.Equal(["b"], _cache.ByIndex(ObjectCache<V1Pod>.NamespaceIndex, "team-b").Select(p => p.Metadata.Name));
        Assert.Equal(2, _cache.Count);
    }

    [Fact]
    public void Pod_that_moves_node_moves_in_the_node_index()
    {
        _cache.Upsert(PodBuilder.Make("a").OnNode("n1").Obj());
        _cache.Upsert(PodBuilder.Make("b").OnNode("n1").Obj());

        var old = _cache.Upsert(PodBuilder.Make("a").OnNode("n2").Version("2").Obj());

        Assert.Equal("n1", old?.Spec.NodeName);
        Assert.Equal(["b"], _cache.ByIndex(Indexers.PodsByNode, "n1").Select(p => p.Metadata.Name));
        Assert.Equal(["a"], _cache.ByIndex(Indexers.PodsByNode, "n2").Select(p => p.Metadata.Name));
    }

    [Fact]
    public void Removed_objects_leave_every_index_and_empty_values_disappear()
    {
        _cache.Upsert(PodBuilder.Make("a").OnNode("n1").Obj());

        var removed = _cache.Remove(new ObjectKey("default", "a"));

        Assert.NotNull(removed);
        Assert.Empty(_cache.ByIndex(Indexers.PodsByNode, "n1"));
        Assert.Empty(_cache.IndexValues(Indexers.PodsByNode));
        Assert.Null(_cache.Remove(new ObjectKey("default", "a")));
    }

    [Fact]
    public void Unbound_pods_are_not_indexed_by_node()
    {
        _cache.Upsert(PodBuilder.Make("pending").Obj());

        Assert.Empty(_cache.IndexValues(Indexers.PodsByNode));
    }

    [Fact]
    public void Index_added_later_covers_objects_already_cached()
    {
        _cache.Upsert(PodBuilder.Make("a", "team-a").Label(RunLabel, "r1").Obj());

        _cache.AddIndex("by-run", Indexers.Label<V1Pod>(RunLabel));

        Assert.Single(_cache.ByIndex("by-run", "team-a/r1"));
    }

    [Fact]
    public void Pods_index_to_their_controlling_owner_key()
    {
        _cache.AddIndex("by-owner", Indexers.ControllerOwner<V1Pod>("TrainingRun"));
        _cache.Upsert(PodBuilder.Make("r1-0", "team-a").ControlledBy("TrainingRun", "r1").Obj());
        _cache.Upsert(PodBuilder.Make("other", "team-a").ControlledBy("ReplicaSet", "r1").Obj());

        Assert.Equal(["r1-0"], _cache.ByIndex("by-owner", new ObjectKey("team-a", "r1").ToString()).Select(p => p.Metadata.Name));
    }

    [Fact]
    public void Replace_reports_added_changed_and_deleted_objects_and_ignores_unchanged_ones()
    {
        _cache.Upsert(PodBuilder.Make("same").Version("1").Obj());
        _cache.Upsert(PodBuilder.Make("changed").Version("1").OnNode("n1").Obj());
        _cache.Upsert(PodBuilder.Make("gone").Version("1").OnNode("n1").Obj());

        var delta = _cache.Replace(
        [
            PodBuilder.Make("same").Version("1").Obj(),
            PodBuilder.Make("changed").Version("7").OnNode("n2").Obj(),
            PodBuilder.Make("new").Version("8").Obj(),
        ]);

        Assert.Equal(["new"], delta.Added.Select(p => p.Metadata.Name));
        Assert.Equal([("changed", "7")], delta.Updated.Select(u => (u.New.Metadata.Name, u.New.Metadata.ResourceVersion)));
        Assert.Equal(["gone"], delta.Deleted.Select(p => p.Metadata.Name));
        Assert.Equal(3, _cache.Count);
        Assert.Equal(["n2"], _cache.IndexValues(Indexers.PodsByNode));
    }

    [Fact]
    public void Duplicate_index_names_are_refused()
    {
        Assert.Throws<InvalidOperationException>(() => _cache.AddIndex(Indexers.PodsByNode, Indexers.NodeName()));
        Assert.Throws<KeyNotFoundException>(() => _cache.ByIndex("missing", "x"));
    }

    [Fact]
    public void Clone_gives_an_independent_copy_to_change()
    {
        var cached = PodBuilder.Make("a").OnNode("n1").Obj();
        _cache.Upsert(cached);

        var copy = KubernetesObjects.Clone(_cache.Get(new ObjectKey("default", "a"))!);
        copy.Spec.NodeName = "n9";

        Assert.Equal("n1", _cache.Get(new ObjectKey("default", "a"))!.Spec.NodeName);
    }
}
