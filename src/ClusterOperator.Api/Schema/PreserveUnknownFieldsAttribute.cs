namespace ClusterOperator.Api.Schema;

/// <summary>Marks a property whose objects are Kubernetes core types kept as they are, not described field by field.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class PreserveUnknownFieldsAttribute : Attribute;
