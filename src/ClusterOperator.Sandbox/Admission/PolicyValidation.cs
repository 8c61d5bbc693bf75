using ClusterOperator.Sandbox.Cel;

namespace ClusterOperator.Sandbox.Admission;

/// <summary>One <c>spec.validations</c> entry, compiled.</summary>
internal sealed record PolicyValidation(CelProgram Expression, string? Message, CelProgram? MessageExpression, string Reason)
{
    /// <summary>The HTTP code a denial with this reason carries, as the API server maps it.</summary>
    public int Code => Reason switch
    {
        "Unauthorized" => 401,
        "Forbidden" => 403,
        "RequestEntityTooLarge" => 413,
        _ => 422,
    };
}
