using System.Text.Json;
using System.Text.Json.Nodes;
using ClusterOperator.Api.Model;
using ClusterOperator.Operator;

namespace ClusterOperator.Tests.Controllers;

public sealed class UnreadableSpecTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 29, 4, 0, 0, TimeSpan.Zero);

    private static JsonElement Run(string template, string status = "null") => JsonDocument.Parse($$"""
        {"apiVersion":"training.clusteroperator.io/v1alpha1","kind":"TrainingRun",
         "metadata":{"name":"h","namespace":"default","uid":"u1","generation":3},
         "spec":{"owner":"mallory","template":{{template}}},"status":{{status}}}
        """).RootElement;

    private static string MessageFor(JsonElement run) =>
        UnreadableSpec.Message(run, new JsonException("the whole object failed"));

    [Fact]
    public void A_wrong_type_inside_the_template_is_named_with_its_path()
    {
        var message = MessageFor(Run("""{"spec":{"hostNetwork":"yes","containers":[{"name":"main","image":"busybox"}]}}"""));

        Assert.StartsWith("spec.template could not be read: ", message, StringComparison.Ordinal);
        Assert.Contains("spec.template.spec.hostNetwork", message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_gpu_limit_that_is_not_a_quantity_is_blamed_on_the_template()
    {
        var message = MessageFor(Run("""{"spec":{"containers":[{"name":"main","image":"busybox","resources":{"limits":{"nvidia.com/gpu":"lots"}}}]}}"""));

        Assert.StartsWith("spec.template could not be read: ", message, StringComparison.Ordinal);
    }

    [Fact]
    public void When_the_template_reads_the_error_itself_is_told()
    {
        var message = MessageFor(Run("""{"spec":{"containers":[{"name":"main","image":"busybox"}]}}"""));

        Assert.Equal("the object could not be read: the whole object failed", message);
    }

    [Fact]
    public void The_patch_marks_invalid_spec_for_the_generation_and_keeps_other_conditions()
    {
        var run = Run("""{"spec":{"hostNetwork":"yes"}}""",
            """{"phase":"Running","conditions":[{"type":"Scheduled","status":"True","reason":"Bound","message":"m","lastTransitionTime":"2026-11-29T03:00:00Z"}]}""");

        var patch = JsonNode.Parse(UnreadableSpec.StatusPatch(run, "spec.template could not be read: x", Now)!)!["status"]!;

        Assert.Equal("Running", (string?)patch["phase"]);
        Assert.Equal("spec.template could not be read: x", (string?)patch["waitingReason"]);
        Assert.Equal(3, (long?)patch["observedGeneration"]);
        var conditions = patch["conditions"]!.AsArray();
        Assert.Equal(["Scheduled", ConditionTypes.InvalidSpec], conditions.Select(c => (string?)c!["type"]));
        Assert.Equal("True", (string?)conditions[1]!["status"]);
        Assert.Equal("spec.template could not be read: x", (string?)conditions[1]!["message"]);
    }

    [Fact]
    public void An_object_already_marked_for_its_generation_needs_no_patch()
    {
        var run = Run("""{"spec":{"hostNetwork":"yes"}}""", """{"phase":"Pending","waitingReason":"m","observedGeneration":3}""");

        Assert.Null(UnreadableSpec.StatusPatch(run, "m", Now));
        Assert.NotNull(UnreadableSpec.StatusPatch(run, "another sentence", Now));
    }
}
