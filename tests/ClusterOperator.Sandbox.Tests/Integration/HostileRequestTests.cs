using System.Text.Json.Nodes;
using ClusterOperator.Sandbox.Tests.Support;

namespace ClusterOperator.Sandbox.Tests.Integration;

/// <summary>A misconfigured or hostile client cannot exhaust the sandbox: oversized and malformed bodies are refused with a Status.</summary>
public sealed class HostileRequestTests(SandboxFixture sandbox) : IClassFixture<SandboxFixture>
{
    [Fact]
    public async Task A_body_over_three_mebibytes_is_refused_with_413()
    {
        using var api = new RawApi(sandbox.Host);
        var huge = new JsonObject
        {
            ["metadata"] = new JsonObject { ["name"] = Names.Unique("huge") },
            ["data"] = new JsonObject { ["blob"] = new string('x', 4 * 1024 * 1024) },
        }.ToJsonString();

        var (status, body, _) = await api.SendAsync(HttpMethod.Post, "/api/v1/namespaces/default/configmaps", huge, "application/json");

        Assert.Equal(413, status);
        Assert.Equal("RequestEntityTooLarge", (string?)body!["reason"]);
    }

    [Theory]
    [InlineData("{\"metadata\": ")]
    [InlineData("[1, 2, 3]")]
    [InlineData("\"just a string\"")]
    public async Task A_malformed_body_is_refused_with_400_and_the_server_keeps_serving(string malformed)
    {
        using var api = new RawApi(sandbox.Host);

        var (status, body, _) = await api.SendAsync(HttpMethod.Post, "/api/v1/namespaces/default/configmaps", malformed, "application/json");
        var (after, _) = await api.GetAsync("/api/v1/namespaces/default/configmaps");

        Assert.Equal(400, status);
        Assert.Equal("Status", (string?)body!["kind"]);
        Assert.Equal(200, after);
    }
}
