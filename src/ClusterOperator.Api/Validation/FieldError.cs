namespace ClusterOperator.Api.Validation;

/// <summary>One problem with a spec: where it is and a sentence a user understands.</summary>
public sealed record FieldError(string Path, string Message)
{
    public override string ToString() => $"{Path}: {Message}";
}
