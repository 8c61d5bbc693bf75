using System.Net;
using ClusterOperator.Sandbox.Tests.Support;
using k8s;
using k8s.Models;

namespace ClusterOperator.Sandbox.Tests.Integration;

public sealed class ObjectSemanticsTests(SandboxFixture sandbox) : IClassFixture<SandboxFixture>
{
    private Kubernetes Client => sandbox.Client;

    [Fact]
    public async Task Created_object_gets_uid_creation_timestamp_and_resource_version()
    {
        var name = Names.Unique("cm");
        var created = await Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap(name), "default");

        Assert.False(string.IsNullOrEmpty(created.Metadata.Uid));
        Assert.NotNull(created.Metadata.CreationTimestamp);
        Assert.True(long.Parse(created.Metadata.ResourceVersion, System.Globalization.CultureInfo.InvariantCulture) > 0);
        var read = await Client.CoreV1.ReadNamespacedConfigMapAsync(name, "default");
        Assert.Equal(created.Metadata.Uid, read.Metadata.Uid);
        Assert.Equal("value", read.Data["key"]);
    }

    [Fact]
    public async Task Resource_versions_increase_globally_across_resources()
    {
        var first = await Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap(Names.Unique("cm")), "default");
        var second = await Client.CoreV1.CreateNamespacedSecretAsync(
            new V1Secret { Metadata = new V1ObjectMeta { Name = Names.Unique("secret") }, StringData = new Dictionary<string, string> { ["a"] = "b" } },
            "default");

        Assert.True(long.Parse(second.Metadata.ResourceVersion, System.Globalization.CultureInfo.InvariantCulture) >
                    long.Parse(first.Metadata.ResourceVersion, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("Opaque", second.Type);
        Assert.Equal("b", System.Text.Encoding.UTF8.GetString(second.Data["a"]));
    }

    [Fact]
    public async Task Duplicate_create_is_409_AlreadyExists()
    {
        var name = Names.Unique("cm");
        await Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap(name), "default");

        var status = await ApiErrors.ExpectAsync(HttpStatusCode.Conflict,
            () => Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap(name), "default"));

        Assert.Equal("AlreadyExists", status.Reason);
        Assert.Equal($"configmaps \"{name}\" already exists", status.Message);
        Assert.Equal(name, status.Details.Name);
    }

    [Fact]
    public async Task Missing_object_is_404_NotFound()
    {
        var status = await ApiErrors.ExpectAsync(HttpStatusCode.NotFound,
            () => Client.CoreV1.ReadNamespacedConfigMapAsync("does-not-exist", "default"));

        Assert.Equal("NotFound", status.Reason);
        Assert.Equal("configmaps \"does-not-exist\" not found", status.Message);
    }

    [Fact]
    public async Task Update_with_stale_resource_version_is_409_Conflict()
    {
        var name = Names.Unique("cm");
        var created = await Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap(name), "default");
        created.Data["key"] = "second";
        await Client.CoreV1.ReplaceNamespacedConfigMapAsync(created, name, "default");

        created.Data["key"] = "stale";
        var status = await ApiErrors.ExpectAsync(HttpStatusCode.Conflict,
            () => Client.CoreV1.ReplaceNamespacedConfigMapAsync(created, name, "default"));

        Assert.Equal("Conflict", status.Reason);
        Assert.Contains("the object has been modified", status.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Two_writers_of_the_same_version_conflict_and_the_loser_succeeds_after_rereading()
    {
        using var otherClient = SandboxFixture.NewClient(sandbox.Host);
        var name = Names.Unique("cm");
        await Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap(name), "default");
        var mine = await Client.CoreV1.ReadNamespacedConfigMapAsync(name, "default");
        var theirs = await otherClient.CoreV1.ReadNamespacedConfigMapAsync(name, "default");

        mine.Data["key"] = "mine";
        await Client.CoreV1.ReplaceNamespacedConfigMapAsync(mine, name, "default");
        theirs.Data["key"] = "theirs";
        await ApiErrors.ExpectAsync(HttpStatusCode.Conflict,
            () => otherClient.CoreV1.ReplaceNamespacedConfigMapAsync(theirs, name, "default"));

        var fresh = await otherClient.CoreV1.ReadNamespacedConfigMapAsync(name, "default");
        fresh.Data["key"] = "theirs";
        var final = await otherClient.CoreV1.ReplaceNamespacedConfigMapAsync(fresh, name, "default");
        Assert.Equal("theirs", final.Data["key"]);
    }

    [Fact]
    public async Task Update_that_changes_nothing_keeps_the_resource_version()
    {
        var name = Names.Unique("cm");
        var created = await Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap(name), "default");

        var updated = await Client.CoreV1.ReplaceNamespacedConfigMapAsync(created, name, "default");

        Assert.Equal(created.Metadata.ResourceVersion, updated.Metadata.ResourceVersion);
    }

    [Fact]
    public async Task Generate_name_creates_a_unique_name_with_the_prefix()
    {
        var body = new V1ConfigMap { Metadata = new V1ObjectMeta { GenerateName = "generated-" } };

        var first = await Client.CoreV1.CreateNamespacedConfigMapAsync(body, "default");
        var second = await Client.CoreV1.CreateNamespacedConfigMapAsync(body, "default");

        Assert.StartsWith("generated-", first.Metadata.Name, StringComparison.Ordinal);
        Assert.NotEqual(first.Metadata.Name, second.Metadata.Name);
    }

    [Fact]
    public async Task Invalid_name_is_422_with_a_field_cause()
    {
        var status = await ApiErrors.ExpectAsync(HttpStatusCode.UnprocessableEntity,
            () => Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("Not_Valid"), "default"));

        Assert.Equal("Invalid", status.Reason);
        Assert.Contains(status.Details.Causes, cause => cause.Field == "metadata.name" && cause.Reason == "FieldValueInvalid");
    }

    [Fact]
    public async Task Creating_in_a_missing_namespace_is_404()
    {
        var status = await ApiErrors.ExpectAsync(HttpStatusCode.NotFound,
            () => Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("x"), "no-such-namespace"));

        Assert.Equal("namespaces \"no-such-namespace\" not found", status.Message);
    }

    [Fact]
    public async Task List_pages_with_limit_and_continue()
    {
        var ns = await CreateNamespaceAsync();
        for (var index = 0; index < 5; index++)
        {
            await Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap($"page-{index}"), ns);
        }

        var first = await Client.CoreV1.ListNamespacedConfigMapAsync(ns, limit: 2);
        var second = await Client.CoreV1.ListNamespacedConfigMapAsync(ns, limit: 2, continueParameter: first.Metadata.ContinueProperty);
        var third = await Client.CoreV1.ListNamespacedConfigMapAsync(ns, limit: 2, continueParameter: second.Metadata.ContinueProperty);

        var names = first.Items.Concat(second.Items).Concat(third.Items).Select(c => c.Metadata.Name).ToList();
        Assert.Equal(["page-0", "page-1", "page-2", "page-3", "page-4"], names);
        Assert.Equal(3, first.Metadata.RemainingItemCount);
        Assert.Null(third.Metadata.ContinueProperty);
    }

    [Fact]
    public async Task Dry_run_create_validates_without_storing()
    {
        var name = Names.Unique("cm");

        var result = await Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap(name), "default", dryRun: "All");

        Assert.Equal(name, result.Metadata.Name);
        await ApiErrors.ExpectAsync(HttpStatusCode.NotFound, () => Client.CoreV1.ReadNamespacedConfigMapAsync(name, "default"));
    }

    private async Task<string> CreateNamespaceAsync()
    {
        var ns = Names.Unique("ns");
        await Client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = ns } });
        return ns;
    }

    private static V1ConfigMap ConfigMap(string name) => new()
    {
        Metadata = new V1ObjectMeta { Name = name },
        Data = new Dictionary<string, string> { ["key"] = "value" },
    };
}
