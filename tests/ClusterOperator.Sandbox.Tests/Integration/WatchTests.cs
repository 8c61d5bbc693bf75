using System.Text.Json.Nodes;
using ClusterOperator.Sandbox.Tests.Support;
using k8s;
using k8s.Models;

namespace ClusterOperator.Sandbox.Tests.Integration;

public sealed class WatchTests(SandboxFixture sandbox) : IClassFixture<SandboxFixture>
{
    private Kubernetes Client => sandbox.Client;

    [Fact]
    public async Task List_then_watch_from_the_list_version_sees_every_later_change_in_order()
    {
        var ns = await NamespaceAsync();
        await Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("before"), ns);
        var list = await Client.CoreV1.ListNamespacedConfigMapAsync(ns);

        var watching = CollectAsync(ns, list.Metadata.ResourceVersion, count: 3);
        await Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("after"), ns);
        await Client.CoreV1.PatchNamespacedConfigMapAsync(
            new V1Patch("""{"data":{"k":"v"}}""", V1Patch.PatchType.MergePatch), "after", ns);
        await Client.CoreV1.DeleteNamespacedConfigMapAsync("after", ns);
        var events = await watching;

        Assert.Equal([WatchEventType.Added, WatchEventType.Modified, WatchEventType.Deleted], events.Select(e => e.Type));
        Assert.All(events, e => Assert.Equal("after", e.Object.Metadata.Name));
        var versions = events.Select(e => long.Parse(e.Object.Metadata.ResourceVersion, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(versions.Order(), versions);
    }

    [Fact]
    public async Task Watch_without_a_version_starts_with_the_current_objects_as_added()
    {
        var ns = await NamespaceAsync();
        await Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("one"), ns);
        await Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("two"), ns);

        var events = await CollectAsync(ns, resourceVersion: null, count: 2);

        Assert.Equal(["one", "two"], events.Select(e => e.Object.Metadata.Name));
        Assert.All(events, e => Assert.Equal(WatchEventType.Added, e.Type));
    }

    [Fact]
    public async Task Watch_resumes_after_a_disconnect_from_the_last_seen_version_without_gaps()
    {
        var ns = await NamespaceAsync();
        var start = (await Client.CoreV1.ListNamespacedConfigMapAsync(ns)).Metadata.ResourceVersion;
        var first = CollectAsync(ns, start, count: 1);
        await Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("first"), ns);
        var seen = await first;

        await Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("missed-while-away"), ns);
        var resumed = await CollectAsync(ns, seen[^1].Object.Metadata.ResourceVersion, count: 1);

        Assert.Equal("missed-while-away", resumed.Single().Object.Metadata.Name);
    }

    [Fact]
    public async Task Watch_from_a_compacted_version_gets_410_Expired()
    {
        var ns = await NamespaceAsync();
        var old = (await Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("old"), ns)).Metadata.ResourceVersion;
        await Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("newer"), ns);
        sandbox.Host.CompactWatchHistory();

        Exception? failure = null;
        await foreach (var _ in Client.CoreV1.WatchListNamespacedConfigMapAsync(ns, resourceVersion: old, timeoutSeconds: 5,
                           onError: error => failure = error))
        {
            Assert.Fail("no event should arrive from an expired version");
        }

        var expired = Assert.IsType<KubernetesException>(failure);
        Assert.Equal(410, expired.Status.Code);
        Assert.Equal("Expired", expired.Status.Reason);
    }

    [Fact]
    public async Task Bookmarks_arrive_when_asked_for_and_timeout_seconds_ends_the_stream()
    {
        var ns = await NamespaceAsync();
        var start = (await Client.CoreV1.ListNamespacedConfigMapAsync(ns)).Metadata.ResourceVersion;
        var types = new List<WatchEventType>();
        var clock = System.Diagnostics.Stopwatch.StartNew();

        await foreach (var (type, _) in Client.CoreV1.WatchListNamespacedConfigMapAsync(ns, resourceVersion: start,
                           allowWatchBookmarks: true, timeoutSeconds: 2))
        {
            types.Add(type);
        }

        Assert.Contains(WatchEventType.Bookmark, types);
        Assert.InRange(clock.Elapsed.TotalSeconds, 1.5, 30);
    }

    [Fact]
    public async Task Objects_entering_and_leaving_a_selector_are_added_and_deleted()
    {
        var ns = await NamespaceAsync();
        await Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("mover"), ns);
        var start = (await Client.CoreV1.ListNamespacedConfigMapAsync(ns)).Metadata.ResourceVersion;

        var watching = CollectAsync(ns, start, count: 2, labelSelector: "stage=live");
        await LabelAsync(ns, "mover", "live");
        await LabelAsync(ns, "mover", "retired");
        var events = await watching;

        Assert.Equal([WatchEventType.Added, WatchEventType.Deleted], events.Select(e => e.Type));
        Assert.Equal("retired", events[1].Object.Metadata.Labels["stage"]);
    }

    [Fact]
    public async Task Field_selectors_filter_watches()
    {
        var ns = await NamespaceAsync();
        var start = (await Client.CoreV1.ListNamespacedConfigMapAsync(ns)).Metadata.ResourceVersion;

        var watching = CollectAsync(ns, start, count: 1, fieldSelector: "metadata.name=wanted");
        await Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("unwanted"), ns);
        await Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("wanted"), ns);

        Assert.Equal("wanted", (await watching).Single().Object.Metadata.Name);
    }

    [Fact]
    public async Task Raw_watch_stream_is_one_json_line_per_event_including_bookmarks_with_initial_events()
    {
        var ns = await NamespaceAsync();
        await Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("present"), ns);
        using var api = new RawApi(sandbox.Host);

        var lines = await api.WatchLinesAsync(
            $"/api/v1/namespaces/{ns}/configmaps?watch=true&sendInitialEvents=true&allowWatchBookmarks=true&resourceVersionMatch=NotOlderThan",
            maxEvents: 2, TimeSpan.FromSeconds(10));

        Assert.Equal("ADDED", (string?)lines[0]["type"]);
        Assert.Equal("BOOKMARK", (string?)lines[1]["type"]);
        Assert.Equal("true", (string?)lines[1]["object"]!["metadata"]!["annotations"]!["k8s.io/initial-events-end"]);
    }

    private async Task LabelAsync(string ns, string name, string stage) =>
        await Client.CoreV1.PatchNamespacedConfigMapAsync(
            new V1Patch(new JsonObject { ["metadata"] = new JsonObject { ["labels"] = new JsonObject { ["stage"] = stage } } }.ToJsonString(),
                V1Patch.PatchType.MergePatch), name, ns);

    private async Task<List<(WatchEventType Type, V1ConfigMap Object)>> CollectAsync(string ns, string? resourceVersion, int count,
        string? labelSelector = null, string? fieldSelector = null)
    {
        var events = new List<(WatchEventType, V1ConfigMap)>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        await foreach (var (type, item) in Client.CoreV1.WatchListNamespacedConfigMapAsync(ns, resourceVersion: resourceVersion,
                           labelSelector: labelSelector, fieldSelector: fieldSelector, timeoutSeconds: 15, cancellationToken: timeout.Token))
        {
            events.Add((type, item));
            if (events.Count == count)
            {
                break;
            }
        }

        return events;
    }

    private async Task<string> NamespaceAsync()
    {
        var ns = Names.Unique("watch");
        await Client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = ns } });
        return ns;
    }

    private static V1ConfigMap ConfigMap(string name) => new() { Metadata = new V1ObjectMeta { Name = name } };
}
