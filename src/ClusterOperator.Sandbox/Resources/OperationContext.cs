using ClusterOperator.Sandbox.Admission;

namespace ClusterOperator.Sandbox.Resources;

/// <summary>Per-request options and the warnings a request collects for the Warning response header.</summary>
internal sealed class OperationContext
{
    public required DateTimeOffset Now { get; init; }

    public FieldValidationMode FieldValidation { get; init; } = FieldValidationMode.Warn;

    public bool DryRun { get; init; }

    public string? FieldManager { get; init; }

    public bool Force { get; init; }

    /// <summary>Who sent the request; null for the sandbox's own controllers, which admission does not check.</summary>
    public RequestUser? User { get; init; }

    public List<string> Warnings { get; } = [];

    public static OperationContext System(DateTimeOffset now) => new() { Now = now, FieldValidation = FieldValidationMode.Ignore };
}
