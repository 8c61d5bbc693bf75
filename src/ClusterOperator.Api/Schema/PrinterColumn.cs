namespace ClusterOperator.Api.Schema;

/// <summary>One column of <c>kubectl get</c> output.</summary>
public sealed record PrinterColumn(string Name, string Type, string JsonPath, string Description, int Priority = 0);
