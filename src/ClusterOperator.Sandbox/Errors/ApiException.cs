using System.Text.Json.Nodes;

namespace ClusterOperator.Sandbox.Errors;

/// <summary>A request failure that becomes a Kubernetes Status body with the given HTTP code.</summary>
internal sealed class ApiException : Exception
{
    public ApiException(int code, string reason, string message, JsonObject? details = null, int? retryAfterSeconds = null)
        : base(message)
    {
        Code = code;
        Reason = reason;
        Details = details;
        RetryAfterSeconds = retryAfterSeconds;
    }

    public int Code { get; }

    public string Reason { get; }

    public JsonObject? Details { get; }

    public int? RetryAfterSeconds { get; }

    public JsonObject ToStatus() => StatusBodies.Failure(Code, Reason, Message, Details);
}
