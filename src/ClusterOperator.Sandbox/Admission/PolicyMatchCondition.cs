using ClusterOperator.Sandbox.Cel;

namespace ClusterOperator.Sandbox.Admission;

/// <summary>One <c>spec.matchConditions</c> entry, compiled: the policy applies only where every condition is true.</summary>
internal sealed record PolicyMatchCondition(string Name, CelProgram Expression);
