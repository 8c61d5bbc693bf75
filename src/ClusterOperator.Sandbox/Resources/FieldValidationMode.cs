namespace ClusterOperator.Sandbox.Resources;

/// <summary>The fieldValidation query parameter: what to do with fields the schema does not know.</summary>
internal enum FieldValidationMode
{
    Ignore,
    Warn,
    Strict,
}
