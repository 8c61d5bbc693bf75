using System.Net;
using ClusterOperator.Sandbox.Tests.Support;
using k8s;
using k8s.Models;

namespace ClusterOperator.Sandbox.Tests.Integration;

public sealed class SelectorTests(SandboxFixture sandbox) : IAsyncLifetime, IClassFixture<SandboxFixture>
{
    private readonly string _ns = Names.Unique("select");

    private Kubernetes Client => sandbox.Client;

    public async Task InitializeAsync()
    {
        await Client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = _ns } });
        foreach (var (name, labels) in new (string, Dictionary<string, string>)[]
                 {
                     ("web-1", new() { ["app"] = "web", ["tier"] = "front" }),
                     ("web-2", new() { ["app"] = "web", ["tier"] = "back" }),
                     ("db-1", new() { ["app"] = "db" }),
                     ("bare", new()),
                 })
        {
            await Client.CoreV1.CreateNamespacedConfigMapAsync(
                new V1ConfigMap { Metadata = new V1ObjectMeta { Name = name, Labels = labels } }, _ns);
        }
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Theory]
    [InlineData("app=web", new[] { "web-1", "web-2" })]
    [InlineData("app==db", new[] { "db-1" })]
    [InlineData("app!=web", new[] { "bare", "db-1" })]
    [InlineData("tier in (front,middle)", new[] { "web-1" })]
    [InlineData("app notin (web)", new[] { "bare", "db-1" })]
    [InlineData("tier", new[] { "web-1", "web-2" })]
    [InlineData("!tier", new[] { "bare", "db-1" })]
    [InlineData("app=web,tier=back", new[] { "web-2" })]
    public async Task Label_selectors_filter_lists(string selector, string[] expected)
    {
        var list = await Client.CoreV1.ListNamespacedConfigMapAsync(_ns, labelSelector: selector);

        Assert.Equal(expected, list.Items.Select(i => i.Metadata.Name).Where(n => n != "kube-root-ca.crt"));
    }

    [Fact]
    public async Task Field_selectors_match_name_namespace_and_negation()
    {
        var byName = await Client.CoreV1.ListNamespacedConfigMapAsync(_ns, fieldSelector: "metadata.name=db-1");
        var notName = await Client.CoreV1.ListConfigMapForAllNamespacesAsync(fieldSelector: $"metadata.namespace={_ns},metadata.name!=db-1");

        Assert.Equal(["db-1"], byName.Items.Select(i => i.Metadata.Name));
        Assert.Equal(["bare", "web-1", "web-2"], notName.Items.Select(i => i.Metadata.Name));
    }

    [Fact]
    public async Task Pod_field_selectors_cover_node_name_and_phase()
    {
        await Client.CoreV1.CreateNamespacedPodAsync(Pods.Pod("placed", node: "node-0"), _ns);
        await Client.CoreV1.CreateNamespacedPodAsync(Pods.Pod("waiting"), _ns);

        var onNode = await Client.CoreV1.ListNamespacedPodAsync(_ns, fieldSelector: "spec.nodeName=node-0");
        var unbound = await Client.CoreV1.ListNamespacedPodAsync(_ns, fieldSelector: "spec.nodeName=");
        await Eventually.IsTrueAsync(async () => (await Client.CoreV1.ListNamespacedPodAsync(_ns,
            fieldSelector: "status.phase=Running")).Items.Any(p => p.Metadata.Name == "placed"), "the running pod to match status.phase");

        Assert.Equal(["placed"], onNode.Items.Select(p => p.Metadata.Name));
        Assert.Equal(["waiting"], unbound.Items.Select(p => p.Metadata.Name));
    }

    [Fact]
    public async Task Unsupported_field_label_is_400()
    {
        var status = await ApiErrors.ExpectAsync(HttpStatusCode.BadRequest,
            () => Client.CoreV1.ListNamespacedConfigMapAsync(_ns, fieldSelector: "data.key=x"));

        Assert.Contains("field label not supported: data.key", status.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Event_field_selectors_find_events_about_an_object_in_both_event_apis()
    {
        await Client.CoreV1.CreateNamespacedEventAsync(new Corev1Event
        {
            Metadata = new V1ObjectMeta { Name = "about-db" },
            InvolvedObject = new V1ObjectReference { Kind = "ConfigMap", Name = "db-1", NamespaceProperty = _ns },
            Reason = "Checked",
            Message = "looked at it",
            Type = "Normal",
        }, _ns);
        await Client.EventsV1.CreateNamespacedEventAsync(new Eventsv1Event
        {
            Metadata = new V1ObjectMeta { Name = "about-web" },
            Regarding = new V1ObjectReference { Kind = "ConfigMap", Name = "web-1", NamespaceProperty = _ns },
            Reason = "Checked",
            Note = "also looked",
            Type = "Normal",
            Action = "Check",
            EventTime = DateTime.UtcNow,
            ReportingController = "tests",
            ReportingInstance = "tests-1",
        }, _ns);

        var core = await Client.CoreV1.ListNamespacedEventAsync(_ns, fieldSelector: "involvedObject.name=web-1");
        var modern = await Client.EventsV1.ListNamespacedEventAsync(_ns, fieldSelector: "regarding.name=db-1");

        Assert.Equal("also looked", core.Items.Single().Message);
        Assert.Equal("looked at it", modern.Items.Single().Note);
    }

    [Fact]
    public async Task Events_k8s_io_requires_its_mandatory_fields()
    {
        var status = await ApiErrors.ExpectAsync(HttpStatusCode.UnprocessableEntity, () => Client.EventsV1.CreateNamespacedEventAsync(
            new Eventsv1Event { Metadata = new V1ObjectMeta { Name = "incomplete" }, Reason = "R", Type = "Normal" }, _ns));

        Assert.Contains(status.Details.Causes, c => c.Field == "reportingController");
        Assert.Contains(status.Details.Causes, c => c.Field == "eventTime");
    }
}
