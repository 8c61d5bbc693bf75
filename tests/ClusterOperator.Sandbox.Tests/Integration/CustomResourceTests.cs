using System.Net;
using System.Text.Json.Nodes;
using ClusterOperator.Sandbox.Tests.Support;
using k8s;

namespace ClusterOperator.Sandbox.Tests.Integration;

public sealed class CustomResourceTests(SandboxFixture sandbox) : IClassFixture<SandboxFixture>
{
    private Kubernetes Client => sandbox.Client;

    [Fact]
    public async Task Schema_violations_are_422_with_one_cause_per_field()
    {
        var widget = Widgets.Widget(Names.Unique("w"), size: 0, owner: "Not Valid!", color: "purple");
        widget["spec"]!.AsObject()["tags"] = "not-a-list";

        var status = await ApiErrors.ExpectAsync(HttpStatusCode.UnprocessableEntity, () => CreateAsync(widget));

        Assert.Equal("Invalid", status.Reason);
        Assert.StartsWith($"Widget.{TestCrds.Group} \"{widget["metadata"]!["name"]}\" is invalid: [", status.Message, StringComparison.Ordinal);
        var causes = status.Details.Causes.ToDictionary(c => c.Field, c => c);
        Assert.Contains("greater than or equal to 1", causes["spec.size"].Message, StringComparison.Ordinal);
        Assert.Equal("FieldValueNotSupported", causes["spec.color"].Reason);
        Assert.Contains("should match '^[a-z][a-z0-9-]*$'", causes["spec.owner"].Message, StringComparison.Ordinal);
        Assert.Equal("FieldValueTypeInvalid", causes["spec.tags"].Reason);
    }

    [Fact]
    public async Task Missing_required_field_and_too_long_string_are_reported()
    {
        var widget = Widgets.Widget(Names.Unique("w"), owner: new string('a', 25));
        widget["spec"]!.AsObject().Remove("size");

        var status = await ApiErrors.ExpectAsync(HttpStatusCode.UnprocessableEntity, () => CreateAsync(widget));

        Assert.Contains(status.Details.Causes, c => c.Field == "spec.size" && c.Reason == "FieldValueRequired");
        Assert.Contains(status.Details.Causes, c => c.Field == "spec.owner" && c.Reason == "FieldValueTooLong");
    }

    [Fact]
    public async Task Maximum_is_enforced_on_update_too()
    {
        var name = Names.Unique("w");
        var created = Widgets.AsNode(await CreateAsync(Widgets.Widget(name)));
        created["spec"]!["size"] = 65;

        var status = await ApiErrors.ExpectAsync(HttpStatusCode.UnprocessableEntity, () => ReplaceAsync(name, created));

        Assert.Contains("less than or equal to 64", status.Details.Causes.Single().Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Schema_defaults_apply_on_create_and_on_update()
    {
        var name = Names.Unique("w");
        var created = Widgets.AsNode(await CreateAsync(Widgets.Widget(name)));
        Assert.Equal("green", (string?)created["spec"]!["color"]);
        Assert.Equal(3, (int?)created["spec"]!["limits"]!["retries"]);

        created["spec"]!.AsObject().Remove("color");
        created["spec"]!.AsObject().Remove("limits");
        var updated = Widgets.AsNode(await ReplaceAsync(name, created));

        Assert.Equal("green", (string?)updated["spec"]!["color"]);
        Assert.Equal(3, (int?)updated["spec"]!["limits"]!["retries"]);
    }

    [Fact]
    public async Task Unknown_fields_are_pruned_with_a_warning_or_rejected_when_strict()
    {
        var widget = Widgets.Widget(Names.Unique("w"));
        widget["spec"]!["unexpected"] = true;
        using var api = new RawApi(sandbox.Host);
        var path = $"/apis/{TestCrds.Group}/{TestCrds.Version}/namespaces/default/widgets";

        var strict = await api.SendAsync(HttpMethod.Post, path + "?fieldValidation=Strict", widget.ToJsonString(), "application/json");
        var warned = await api.SendAsync(HttpMethod.Post, path, widget.ToJsonString(), "application/json");

        Assert.Equal(400, strict.Status);
        Assert.Contains("unknown field \"spec.unexpected\"", (string?)strict.Body!["message"], StringComparison.Ordinal);
        Assert.Equal(201, warned.Status);
        Assert.Null(warned.Body!["spec"]!["unexpected"]);
        Assert.Contains("unknown field", string.Join(" ", warned.Response.Headers.GetValues("Warning")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Generation_is_bumped_only_by_spec_changes()
    {
        var name = Names.Unique("w");
        var created = Widgets.AsNode(await CreateAsync(Widgets.Widget(name)));
        Assert.Equal(1, (long?)created["metadata"]!["generation"]);

        created["metadata"]!["labels"] = new JsonObject { ["team"] = "a" };
        var relabelled = Widgets.AsNode(await ReplaceAsync(name, created));
        Assert.Equal(1, (long?)relabelled["metadata"]!["generation"]);

        relabelled["status"] = new JsonObject { ["phase"] = "Running" };
        var statusUpdated = Widgets.AsNode(await Client.CustomObjects.ReplaceNamespacedCustomObjectStatusAsync(
            relabelled, TestCrds.Group, TestCrds.Version, "default", TestCrds.Plural, name));
        Assert.Equal(1, (long?)statusUpdated["metadata"]!["generation"]);

        statusUpdated["spec"]!["size"] = 9;
        var resized = Widgets.AsNode(await ReplaceAsync(name, statusUpdated));
        Assert.Equal(2, (long?)resized["metadata"]!["generation"]);
    }

    [Fact]
    public async Task Main_resource_writes_ignore_status_and_status_writes_ignore_the_rest()
    {
        var name = Names.Unique("w");
        var created = Widgets.Widget(name);
        created["status"] = new JsonObject { ["phase"] = "Forged" };
        var stored = Widgets.AsNode(await CreateAsync(created));
        Assert.Null(stored["status"]);

        stored["status"] = new JsonObject { ["phase"] = "Running" };
        stored["spec"]!["size"] = 40;
        var afterStatus = Widgets.AsNode(await Client.CustomObjects.ReplaceNamespacedCustomObjectStatusAsync(
            stored, TestCrds.Group, TestCrds.Version, "default", TestCrds.Plural, name));
        Assert.Equal("Running", (string?)afterStatus["status"]!["phase"]);
        Assert.Equal(3, (int?)afterStatus["spec"]!["size"]);

        afterStatus["status"]!["phase"] = "Overwritten";
        afterStatus["spec"]!["size"] = 5;
        var afterMain = Widgets.AsNode(await ReplaceAsync(name, afterStatus));
        Assert.Equal("Running", (string?)afterMain["status"]!["phase"]);
        Assert.Equal(5, (int?)afterMain["spec"]!["size"]);
    }

    [Fact]
    public async Task Deleting_the_crd_removes_its_objects_and_stops_serving_it()
    {
        var group = $"{Names.Unique("g")}.example.com";
        var yaml = TestCrds.Widget.Replace(TestCrds.Group, group, StringComparison.Ordinal);
        sandbox.Host.ApplyCustomResourceDefinitions(yaml);
        await Client.CustomObjects.CreateNamespacedCustomObjectAsync(
            Widgets.Widget("doomed").Also(w => w["apiVersion"] = $"{group}/v1"), group, "v1", "default", "widgets");

        await Client.ApiextensionsV1.DeleteCustomResourceDefinitionAsync($"widgets.{group}");

        using var api = new RawApi(sandbox.Host);
        var (status, _) = await api.GetAsync($"/apis/{group}/v1/namespaces/default/widgets");
        Assert.Equal(404, status);
    }

    private Task<object> CreateAsync(JsonObject widget) =>
        Client.CustomObjects.CreateNamespacedCustomObjectAsync(widget, TestCrds.Group, TestCrds.Version, "default", TestCrds.Plural);

    private Task<object> ReplaceAsync(string name, JsonObject widget) =>
        Client.CustomObjects.ReplaceNamespacedCustomObjectAsync(widget, TestCrds.Group, TestCrds.Version, "default",
            TestCrds.Plural, name);
}
