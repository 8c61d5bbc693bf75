using System.Net;
using System.Text.Json;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace ClusterOperator.Sandbox.Tests.Support;

/// <summary>Asserts that a call fails with an HTTP status and returns the Status body the server sent.</summary>
public static class ApiErrors
{
    public static async Task<V1Status> ExpectAsync(HttpStatusCode code, Func<Task> call)
    {
        var error = await Assert.ThrowsAsync<HttpOperationException>(call);
        Assert.Equal(code, error.Response.StatusCode);
        var status = KubernetesJson.Deserialize<V1Status>(error.Response.Content);
        Assert.Equal("Status", status.Kind);
        Assert.Equal((int)code, status.Code);
        return status;
    }

    public static JsonElement Json(object value) => JsonSerializer.SerializeToElement(value);
}
