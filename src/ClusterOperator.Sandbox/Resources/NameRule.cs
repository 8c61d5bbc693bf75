namespace ClusterOperator.Sandbox.Resources;

/// <summary>Which name syntax a resource accepts.</summary>
internal enum NameRule
{
    /// <summary>DNS-1123 subdomain: lowercase alphanumerics, '-' and '.', at most 253 characters.</summary>
    Subdomain,

    /// <summary>DNS-1123 label: lowercase alphanumerics and '-', at most 63 characters.</summary>
    Label,

    /// <summary>Any path segment: not "." or "..", no '/' or '%' (RBAC names such as "system:controller").</summary>
    PathSegment,
}
