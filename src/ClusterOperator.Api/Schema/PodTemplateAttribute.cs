namespace ClusterOperator.Api.Schema;

/// <summary>
/// Marks a pod template property. Its schema keeps unknown fields, so the whole PodSpec is accepted,
/// but still requires at least one container.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class PodTemplateAttribute : Attribute;
