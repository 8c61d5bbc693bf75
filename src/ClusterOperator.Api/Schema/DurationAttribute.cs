namespace ClusterOperator.Api.Schema;

/// <summary>Marks a string property as a duration in the syntax <see cref="Duration"/> parses.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class DurationAttribute : Attribute;
