namespace ClusterOperator.Sandbox.Admission;

/// <summary>Who sent a request, as authentication established it: admission's <c>request.userInfo</c>.</summary>
internal sealed record RequestUser(string Name, IReadOnlyList<string> Groups);
