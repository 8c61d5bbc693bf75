using System.Text.Json.Nodes;

namespace ClusterOperator.Packaging.Tests.Chart;

public sealed class ValuesSchemaTests
{
    private const string SchemaFailure = "values don't meet the specifications of the schema(s)";

    [Theory]
    [InlineData("fairShare.minRuntime=-5m", "at '/fairShare/minRuntime': '-5m' does not match pattern")]
    [InlineData("fairShare.halfLife=1 day", "at '/fairShare/halfLife': '1 day' does not match pattern")]
    [InlineData("fairShare.minRutime=5m", "at '/fairShare': additional properties 'minRutime' not allowed")]
    [InlineData("replicas=3", "at '': additional properties 'replicas' not allowed")]
    [InlineData("leaderElection.leaseTime=15s", "at '/leaderElection': additional properties 'leaseTime' not allowed")]
    [InlineData("securityContext.privilegd=true", "at '/securityContext': additional properties 'privilegd' not allowed")]
    [InlineData("fairShare.ideaMaxGpus=eight", "at '/fairShare/ideaMaxGpus': got string, want integer")]
    [InlineData("fairShare.ideaGuaranteeGpus=1.5", "at '/fairShare/ideaGuaranteeGpus': got string, want integer")]
    [InlineData("leaderElection.enabled=yes", "at '/leaderElection/enabled': got string, want boolean")]
    [InlineData("metrics.port=http", "at '/metrics/port': got string, want integer")]
    [InlineData("metrics.port=70000", "at '/metrics/port': maximum: got 70,000, want 65,535")]
    [InlineData("fairShare.hysteresis=0", "at '/fairShare/hysteresis': minimum: got 0, want 1")]
    [InlineData("fairShare.hysteresis=0.5", "at '/fairShare/hysteresis': '0.5' does not match pattern")]
    [InlineData("fairShare.hysteresis=high", "at '/fairShare/hysteresis': 'high' does not match pattern")]
    [InlineData("fairShare.ideaGuaranteeGpus=-1", "at '/fairShare/ideaGuaranteeGpus': minimum: got -1, want 0")]
    [InlineData("fairShare.weights.alice=0", "at '/fairShare/weights/alice': exclusiveMinimum: got 0, want 0")]
    [InlineData("fairShare.weights.alice=0.0", "at '/fairShare/weights/alice': '0.0' does not match pattern")]
    [InlineData("fairShare.weights.Alice_Smith=2", "invalid propertyName 'Alice_Smith'")]
    [InlineData("replicaCount=0", "at '/replicaCount': minimum: got 0, want 1")]
    [InlineData("image.pullPolicy=Sometimes", "at '/image/pullPolicy': value must be one of")]
    public async Task Bad_values_fail_with_the_schema_message(string assignment, string message)
    {
        var result = await HelmChart.TemplateAsync(ChartValues.Defaults.Set(assignment));

        Assert.False(result.Succeeded, $"--set {assignment} rendered, but the schema should reject it.");
        Assert.Contains(SchemaFailure, result.StandardError, StringComparison.Ordinal);
        Assert.Contains(message, result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Two_replicas_without_leader_election_fail_with_the_reason()
    {
        var result = await HelmChart.TemplateAsync(ChartValues.Defaults.Set("leaderElection.enabled=false"));

        Assert.False(result.Succeeded);
        Assert.Contains("replicaCount above 1 needs leaderElection.enabled", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task One_replica_may_run_without_leader_election()
    {
        var result = await HelmChart.TemplateAsync(ChartValues.Defaults.Set("replicaCount=1").Set("leaderElection.enabled=false"));

        Assert.True(result.Succeeded, result.Describe());
    }

    [Fact]
    public void Every_object_in_the_schema_forbids_unknown_keys()
    {
        var schema = JsonNode.Parse(RepositoryPaths.ReadAllText("charts", "cluster-operator", "values.schema.json"))!.AsObject();
        var open = new List<string>();

        CollectOpenObjects(schema, "#", open);

        Assert.True(open.Count == 0, "These object schemas accept keys nobody declared: " + string.Join(", ", open));
    }

    /// <summary>
    /// An object schema must either list its properties with additionalProperties false, or be a map whose
    /// additionalProperties give the values' schema (weights, labels). The Affinity's three kinds are passed
    /// through for the API server to validate.
    /// </summary>
    private static void CollectOpenObjects(JsonObject node, string path, List<string> open)
    {
        if (IsObjectSchema(node))
        {
            var closed = node["additionalProperties"] is JsonObject
                || (node["additionalProperties"] is JsonValue value && value.GetValue<bool>() == false);
            var passThrough = path.StartsWith("#/properties/affinity/properties/", StringComparison.Ordinal);
            if (!closed && !passThrough && node["$ref"] is null)
            {
                open.Add(path);
            }
        }

        foreach (var (key, child) in node)
        {
            if (child is JsonObject childObject)
            {
                CollectOpenObjects(childObject, $"{path}/{key}", open);
            }
        }
    }

    private static bool IsObjectSchema(JsonObject node) =>
        node["type"] is JsonValue type && (string?)type == "object";
}
