namespace ClusterOperator.Sandbox.Resources;

/// <summary>A meta.k8s.io/v1 Table column definition; priority 1 columns appear only with -o wide.</summary>
internal sealed record TableColumn(string Name, string Type, string Description, int Priority = 0, string Format = "");
