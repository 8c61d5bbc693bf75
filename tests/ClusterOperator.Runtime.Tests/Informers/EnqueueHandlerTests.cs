using ClusterOperator.Runtime.Informers;
using ClusterOperator.Runtime.Queueing;
using ClusterOperator.Runtime.Tests.Support;
using k8s.Models;

namespace ClusterOperator.Runtime.Tests.Informers;

public sealed class EnqueueHandlerTests
{
    private const string RunLabel = "training.clusteroperator.io/run";

    [Fact]
    public async Task Relabelled_pod_wakes_both_its_former_and_its_new_run()
    {
        using var queue = new WorkQueue<ObjectKey>("runs", new WorkQueueOptions(), TimeProvider.System);
        var handler = new EnqueueHandler<V1Pod>(queue, pod => pod.Metadata.Labels.TryGetValue(RunLabel, out var run) ? [new ObjectKey(pod.Metadata.NamespaceProperty, run)] : []);

        handler.OnUpdated(PodBuilder.Make("p").Label(RunLabel, "old").Obj(), PodBuilder.Make("p").Label(RunLabel, "new").Obj());
        handler.OnAdded(PodBuilder.Make("unlabelled").Obj());

        Assert.Equal(2, queue.Depth);
        Assert.Equal(new ObjectKey("default", "old"), await queue.TakeAsync(CancellationToken.None));
        Assert.Equal(new ObjectKey("default", "new"), await queue.TakeAsync(CancellationToken.None));
    }
}
